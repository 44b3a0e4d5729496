package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/** The launcher jar as a user runs it: {@code java -jar freelock.jar ...} in a process of its own. */
public class LauncherIT {

    private static final long DEADLINE_SECONDS = 120;

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

    @Test
    public void theDemoRunsEveryDriverAndExitsZeroWithNothingLost() throws Exception {
        Process launcher = launch("demo", "--demo", "3s");
        int code = exitCode(launcher);
        String out = output("demo");
        assertEquals(out, 0, code);
        assertTrue(out, out.matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
        for (String driver : List.of("michaelscott", "spsc", "vyukov")) {
            assertTrue(out, out.contains("queue driver live: " + driver));
            assertTrue(out, out.matches("(?s).*\\n  " + driver + " +queue:\\S+ +moved +[1-9][\\d,]* +lost: 0 +out of order: 0\\n.*"));
        }
        assertTrue(out, out.contains("lost: 0, out of order: 0"));
    }

    @Test
    public void aBadArgumentIsNamedAndNothingStarts() throws Exception {
        Process launcher = launch("bad", "--demo", "soon");
        assertEquals(2, exitCode(launcher));
        String out = output("bad");
        assertTrue(out, out.contains("duration 'soon' is not a number followed by ms, s, m or h"));
        assertTrue(out, out.contains("usage: java -jar freelock.jar"));
        assertTrue(out, !out.contains("Felix"));
    }

    @Test
    public void aBundleDroppedIntoDeployIsInstalledAndStarted() throws Exception {
        Process launcher = launch("deploy");
        try {
            awaitOutput("deploy", "bundles started");
            File testkit = new File(System.getProperty("freelock.testbundles")).listFiles()[0];
            Path work = FreelockContainer.workFolder("launcher-deploy").toPath();
            // FileInstall must see a whole jar: write it beside deploy/, then move it in in one step.
            Files.copy(testkit.toPath(), work.resolve("testkit.jar"));
            Files.move(work.resolve("testkit.jar"), work.resolve("deploy/testkit.jar"), StandardCopyOption.ATOMIC_MOVE);
            awaitOutput("deploy", "bundle started: io.freelock.queue.testkit");
        } finally {
            launcher.destroy(); // SIGTERM: the shutdown hook stops the framework
            exitCode(launcher);
        }
        assertTrue(output("deploy"), output("deploy").contains("bundle installed: io.freelock.queue.testkit"));
    }

    @Test
    public void aRebuiltDriverDroppedIntoDeploySwapsTheLiveQueueAndTheDemoLosesNothing() throws Exception {
        Process launcher = launch("swap", "--demo", "20s");
        awaitOutput("swap", "freelock demo: managed queue 'demo' on spsc");
        File spsc = FreelockContainer.shippedBundles().stream()
                .filter(jar -> jar.getName().startsWith("io.freelock.queue.spsc-")).findFirst().orElseThrow();
        Path work = FreelockContainer.workFolder("launcher-swap").toPath();
        Files.copy(spsc.toPath(), work.resolve("spsc.jar")); // the same bytes as a rebuild of the same version
        Files.move(work.resolve("spsc.jar"), work.resolve("deploy/spsc.jar"), StandardCopyOption.ATOMIC_MOVE);
        int code = exitCode(launcher);
        String out = output("swap");
        assertEquals(out, 0, code);
        assertTrue(out, out.matches("(?s).*io\\.freelock\\.queue\\.spsc \\S+ from \\S+deploy/spsc\\.jar replaces the shipped one.*"));
        assertTrue(out, out.matches("(?s).*managed queue 'demo' now on spsc; swaps: [1-9]\\d*, migrated: \\d+.*"));
        assertTrue(out, out.matches("(?s).*\\n  managed:demo +queue:spsc +moved +[1-9][\\d,]* +lost: 0 +out of order: 0\\n.*"));
        assertTrue(out, out.contains("lost: 0, out of order: 0"));
    }

    private static void awaitOutput(String name, String text) throws IOException {
        FreelockContainer.await("'" + text + "' from the launcher", () -> {
            try {
                return output(name).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
