package io.freelock.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The project's scripts (scripts/), run by tests as a user runs them. */
final class Scripts {

    private Scripts() {
    }

    /**
     * Runs {@code scripts/<command[0]>} with the rest of {@code command} as its arguments, {@code input} on its standard
     * input and {@code env} added to its environment.
     *
     * @return what it printed on its standard output
     * @throws AssertionError if it fails, with what it printed on both outputs
     */
    static String run(Map<String, String> env, String input, String... command) throws Exception {
        File scripts = new File(System.getProperty("freelock.scripts", "../scripts"));
        List<String> line = new java.util.ArrayList<>(List.of(command));
        line.set(0, new File(scripts, command[0]).getAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(env);
        File errors = File.createTempFile("freelock-script", ".err");
        builder.redirectError(errors);
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", line) + " failed: " + out + Files.readString(errors.toPath()));
        }
        if (!errors.delete()) {
            throw new UncheckedIOException(new IOException("cannot delete " + errors));
        }
        return out;
    }
}
