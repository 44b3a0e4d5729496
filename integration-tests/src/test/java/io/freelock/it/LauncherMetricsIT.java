package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** The launcher jar's HTTP side, run as a user runs it: the port option, /metrics, and a port already taken. */
public class LauncherMetricsIT {

    private static final long DEADLINE_SECONDS = 120;

    @Test
    public void theLauncherServesMetricsOnLoopbackAtTheChosenPort() throws Exception {
        int port = FreelockContainer.freePort();
        Process launcher = launch("http", "--http-port", Integer.toString(port));
        try {
            awaitOutput("http", "freelock: HTTP on http://127.0.0.1:" + port + "/; metrics at http://127.0.0.1:"
                    + port + "/metrics");
            Scrape scrape = Scrape.awaitOk(port);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType);
            awaitOutput("http", " bundles started; "); // printed once every bundle's start returned
            assertTrue(output("http"), output("http").matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
        } finally {
            launcher.destroy();
            exitCode(launcher);
        }
    }

    @Test
    public void aBadPortIsNamedAndNothingStarts() throws Exception {
        Process launcher = launch("badport", "--http-port", "70000");
        assertEquals(2, exitCode(launcher));
        String out = output("badport");
        assertTrue(out, out.contains("port 70000 is not between 0 and 65535"));
        assertTrue(out, out.contains("--http-port <port>"));
        assertTrue(out, !out.contains("Felix"));
    }

    @Test
    public void aPortAlreadyTakenIsReportedAndEverythingElseStillStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(FreelockContainer.HTTP_HOST))) {
            Process launcher = launch("taken", "--http-port", Integer.toString(taken.getLocalPort()));
            try {
                awaitOutput("taken", "bundles started");
                String out = output("taken");
                assertTrue(out, out.contains("warning: 127.0.0.1:" + taken.getLocalPort() + " is in use"));
                assertTrue(out, out.matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
            } finally {
                launcher.destroy();
                exitCode(launcher);
            }
        }
    }

    private static Process launch(String name, String... args) throws IOException {
        File work = FreelockContainer.workFolder("launcher-" + name);
        try (var old = Files.walk(work.toPath())) { // a fresh folder each run
            old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(work.toPath())).forEach(p -> p.toFile().delete());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("freelock.launcher.jar"),
                "--data", new File(work, "data").getAbsolutePath(),
                "--deploy", new File(work, "deploy").getAbsolutePath()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(work, "output.txt")).start();
    }

    private static String output(String name) throws IOException {
        return Files.readString(new File(FreelockContainer.workFolder("launcher-" + name), "output.txt").toPath(),
                StandardCharsets.UTF_8);
    }

    private static int exitCode(Process process) throws InterruptedException {
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not exit within " + DEADLINE_SECONDS + " s");
        }
        return process.exitValue();
    }

    private static void awaitOutput(String name, String text) {
        FreelockContainer.await("'" + text + "' from the launcher", () -> {
            try {
                return output(name).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
