package io.freelock.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.freelock.queue.testkit.Await;

/**
 * The launcher jar run as a user runs it, {@code java -jar freelock.jar ...}, each run in a fresh folder of its
 * own under the tests' work folder, its output in {@code output.txt} there.
 */
final class LauncherProcess {

    private static final long DEADLINE_SECONDS = 120;

    private LauncherProcess() {
    }

    /** Starts a launcher named {@code name} in a fresh folder, on a free HTTP port unless {@code args} choose one. */
    static Process launch(String name, String... args) throws IOException {
        freshFolder(name);
        return relaunch(name, args);
    }

    /** @return the folder launcher {@code name} runs in, emptied */
    static File freshFolder(String name) throws IOException {
        File work = FreelockContainer.workFolder("launcher-" + name);
        try (var old = Files.walk(work.toPath())) {
            old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(work.toPath())).forEach(p -> p.toFile().delete());
        }
        return work;
    }

    /**
     * Starts launcher {@code name} again in its folder, keeping its data (the journal among it); its output so far
     * is kept as {@code output-<n>.txt}, n = 1, 2, ...
     */
    static Process relaunch(String name, String... args) throws IOException {
        File work = FreelockContainer.workFolder("launcher-" + name);
        File output = new File(work, "output.txt");
        for (int n = 1; output.exists(); n++) {
            File kept = new File(work, "output-" + n + ".txt");
            if (!kept.exists()) {
                Files.move(output.toPath(), kept.toPath());
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("freelock.launcher.jar"),
                "--data", new File(work, "data").getAbsolutePath(),
                "--deploy", new File(work, "deploy").getAbsolutePath()));
        if (List.of(args).stream().noneMatch(arg -> arg.equals("--http-port") || arg.startsWith("--http-port="))) {
            command.addAll(List.of("--http-port", Integer.toString(FreelockContainer.freePort()))); // never two on one port
        }
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    /** Runs the launcher jar with exactly {@code args}, in the current folder, and returns its exit code and output. */
    static Run runBare(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("freelock.launcher.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(exitCode(process), out);
    }

    /** What a launcher that ran to its end said, and its exit code. */
    record Run(int code, String out) {
    }

    /** @return the data folder launcher {@code name} runs with */
    static File dataFolder(String name) {
        return new File(FreelockContainer.workFolder("launcher-" + name), "data");
    }

    /** @return what launcher {@code name} has printed so far (in its latest run) */
    static String output(String name) throws IOException {
        return Files.readString(new File(FreelockContainer.workFolder("launcher-" + name), "output.txt").toPath(),
                StandardCharsets.UTF_8);
    }

    /** Waits for the launcher to exit, with a deadline, and returns its exit code. */
    static int exitCode(Process process) throws InterruptedException {
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not exit within " + DEADLINE_SECONDS + " s");
        }
        return process.exitValue();
    }

    /** Waits until launcher {@code name} has printed {@code text}. */
    static void awaitOutput(String name, String text) {
        Await.until("'" + text + "' from the launcher", () -> {
            try {
                return output(name).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
