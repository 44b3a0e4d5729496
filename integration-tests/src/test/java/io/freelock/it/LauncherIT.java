package io.freelock.it;

import static io.freelock.it.LauncherProcess.awaitOutput;
import static io.freelock.it.LauncherProcess.exitCode;
import static io.freelock.it.LauncherProcess.launch;
import static io.freelock.it.LauncherProcess.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;

/** The launcher jar as a user runs it: {@code java -jar freelock.jar ...} in a process of its own. */
public class LauncherIT {

    /** A swap the demo's swapper made: by an operator's swap, or by a driver's bundle stopped or started. */
    private static final String SWAP_LINE = "\\nfreelock demo: swap \\d+: demo [\\w.-]+ -> [\\w.-]+"
            + " \\((operator|bundle io\\.freelock\\.queue\\.\\w+ (stopped|started))\\), [\\d,]+ elements in flight\\n";

    @Test
    public void theDemoRunsEveryDriverAndExitsZeroWithNothingLost() throws Exception {
        Process launcher = launch("demo", "--demo", "3s");
        int code = exitCode(launcher);
        String out = output("demo");
        assertEquals(out, 0, code);
        assertTrue(out, out.matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
        // the craps table played at least one round, one version per committed operation
        assertTrue(out, out.matches("(?s).*\\nfreelock demo: craps table: rounds [1-9]\\d*, operations committed (\\d+),"
                + " version \\1, hash [0-9a-f]{64}\\n.*"));
        for (String driver : List.of("michaelscott", "mpsc", "spsc", "vyukov")) {
            assertTrue(out, out.contains("queue driver live: " + driver));
            assertTrue(out, out.matches("(?s).*\\n  " + driver + " +queue:\\S+ +moved +[1-9][\\d,]* +lost: 0 +out of order: 0\\n.*"));
        }
        assertTrue(out, out.contains("lost: 0, out of order: 0"));
        // the managed queue was swapped while in use, and lost nothing through the swaps
        assertTrue(out, out.matches("(?s).*" + SWAP_LINE + ".*"));
        assertTrue(out, out.matches("(?s).*\\nfreelock demo: managed queue 'demo' moved [1-9][\\d,]* through [1-9]\\d* swaps,"
                + " lost: 0, out of order: 0\\n.*"));
        assertTrue(out, out.matches("(?s).*\\nfreelock demo: swapper: [1-9]\\d* swaps of queue 'demo', \\d+ refused\\n.*"));
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
            File testkit = new File(System.getProperty("freelock.testbundles"))
                    .listFiles((dir, name) -> name.startsWith("io.freelock.queue.testkit-"))[0];
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
    public void aNewDriverVersionDroppedIntoDeploySwapsTheLiveQueueAndTheDemoLosesNothing() throws Exception {
        Process launcher = launch("swap", "--demo", "20s");
        awaitOutput("swap", "freelock demo: managed queue 'demo' on spsc");
        File spsc = FreelockContainer.shippedBundles().stream()
                .filter(jar -> jar.getName().startsWith("io.freelock.queue.spsc-")).findFirst().orElseThrow();
        Path work = FreelockContainer.workFolder("launcher-swap").toPath();
        withVersion(spsc.toPath(), work.resolve("spsc.jar"), "0.1.1"); // a rebuild, one version on
        Files.move(work.resolve("spsc.jar"), work.resolve("deploy/spsc.jar"), StandardCopyOption.ATOMIC_MOVE);
        int code = exitCode(launcher);
        String out = output("swap");
        assertEquals(out, 0, code);
        assertTrue(out, out.contains("io.freelock.queue.spsc 0.1.1 from "));
        assertTrue(out, out.matches("(?s).*io\\.freelock\\.queue\\.spsc 0\\.1\\.1 from \\S+deploy/spsc\\.jar replaces the shipped one.*"));
        // the demo's swapper pins the queue to drivers by name meanwhile; given back its spec at the end, it is on the
        // best driver for it: spsc, now the deployed one, as the shipped one is gone
        assertTrue(out, out.matches("(?s).*" + SWAP_LINE + ".*"));
        assertTrue(out, out.matches("(?s).*managed queue 'demo' now on spsc; swaps: [1-9]\\d*, migrated: \\d+.*"));
        assertTrue(out, out.matches("(?s).*\\n  managed:demo +queue:spsc +moved +[1-9][\\d,]* +lost: 0 +out of order: 0\\n.*"));
        assertTrue(out, out.contains("lost: 0, out of order: 0"));
    }

    /** Copies a bundle jar with another Bundle-Version, as a rebuild with a new version would make it. */
    private static void withVersion(Path from, Path to, String version) throws IOException {
        try (JarFile in = new JarFile(from.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(to), manifest)) {
                for (JarEntry entry : Collections.list(in.entries())) {
                    if (!entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        in.getInputStream(entry).transferTo(out);
                    }
                }
            }
        }
    }

}
