package io.freelock.it;

import static io.freelock.it.LauncherProcess.exitCode;
import static io.freelock.it.LauncherProcess.launch;
import static io.freelock.it.LauncherProcess.output;
import static io.freelock.it.LauncherProcess.relaunch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.BeforeClass;
import org.junit.Test;
import io.freelock.queue.testkit.Await;

/**
 * Bad input to the launcher, as an operator gives it: each is told in one line that names the culprit and what is
 * wrong, with no stack trace, and the exit code says whether the launcher ran. Faults in deploy/ leave the launcher
 * running (the demo still passes); a port or a data folder in use stops it at once with exit code 3.
 */
public class LauncherInputIT {

    private static final String NO_STACK_TRACE = "(?s).*\\n\\s+at [\\w.$]+\\(.*";

    private static int deployRunCode;
    private static String deployRunOut;

    /** One demo run with every kind of bad file in deploy/ before it starts, and options given with '='. */
    @BeforeClass
    public static void runWithBadFilesInDeploy() throws Exception {
        File work = LauncherProcess.freshFolder("bad-deploy");
        Path deploy = new File(work, "deploy").toPath();
        Files.createDirectories(deploy);
        Files.writeString(deploy.resolve("io.freelock.queue.managed-broken.cfg"), "name=broken\nspec=queue:sideways\n");
        Files.writeString(deploy.resolve("io.freelock.queue.managed-nameless.cfg"), "spec=queue:mpmc\n");
        jar(deploy.resolve("plain.jar"), null);
        jar(deploy.resolve("needy.jar"), "com.example.absent;version=\"[2,3)\"");
        Process launcher = relaunch("bad-deploy", "--demo=3s", "--http-port=" + FreelockContainer.freePort());
        deployRunCode = exitCode(launcher);
        deployRunOut = output("bad-deploy");
    }

    @Test
    public void badFilesInDeployLeaveTheLauncherRunningAndPrintNoStackTrace() {
        assertEquals(deployRunOut, 0, deployRunCode);
        assertTrue(deployRunOut, deployRunOut.matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
        assertFalse(deployRunOut, deployRunOut.matches(NO_STACK_TRACE));
        assertFalse(deployRunOut, deployRunOut.contains("Exception"));
    }

    @Test
    public void aMalformedQueueConfigurationIsOneLineNamingTheFileAndTheFault() {
        // logged by the queue manager's bundle as a warning, which the launcher shows on one line, its level first
        assertOnce("WARN ManagedQueueConfiguration - freelock: configuration \\S+/deploy/io\\.freelock\\.queue\\.managed-broken\\.cfg ignored: "
                + "queue 'broken': queue spec 'queue:sideways': unknown shape 'sideways' \\(expected spsc, mpsc, spmc or mpmc\\)");
        assertOnce("WARN ManagedQueueConfiguration - freelock: configuration \\S+/deploy/io\\.freelock\\.queue\\.managed-nameless\\.cfg ignored: it has no 'name'");
    }

    @Test
    public void aJarThatIsNoBundleIsReported() {
        assertOnce("freelock: deploy: plain\\.jar is not a bundle \\(its manifest has no Bundle-SymbolicName\\); it is ignored");
    }

    @Test
    public void aBundleThatCannotResolveIsReportedWithItsMissingRequirement() {
        assertOnce("freelock: deploy: example\\.needy 1\\.2\\.3 from file:\\S+/deploy/needy\\.jar cannot resolve: missing "
                + "osgi\\.wiring\\.package \\(&\\(osgi\\.wiring\\.package=com\\.example\\.absent\\)\\(version>=2\\.0\\.0\\)"
                + "\\(!\\(version>=3\\.0\\.0\\)\\)\\)");
    }

    @Test
    public void aPortInUseIsRefusedInOneLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(FreelockContainer.HTTP_HOST))) {
            Process launcher = launch("port-taken", "--http-port", Integer.toString(taken.getLocalPort()));
            assertEquals(3, exitCode(launcher));
            assertEquals("freelock: 127.0.0.1:" + taken.getLocalPort() + " is in use (Address already in use): choose "
                    + "another port with --http-port (0 takes any free one)\n", output("port-taken"));
        }
    }

    @Test
    public void aSecondLauncherOnADataFolderInUseIsRefusedAtOnce() throws Exception {
        Process first = launch("first");
        try {
            String data = LauncherProcess.dataFolder("first").getAbsolutePath();
            // The lock is the first thing a launcher takes; its file names the holder
            Path lock = Path.of(data, ".lock");
            Await.until("the first launcher's lock", () -> {
                try {
                    return Files.readString(lock).equals(Long.toString(first.pid()));
                } catch (IOException notYet) {
                    return false;
                }
            });
            Process second = launch("second", "--data", data);
            assertEquals(3, exitCode(second));
            assertEquals("freelock: data folder " + data + " is in use by another launcher (process " + first.pid()
                    + "): stop it, or give this one another folder with --data\n", output("second"));
            assertTrue(first.isAlive());
        } finally {
            first.destroy();
            exitCode(first);
        }
    }

    @Test
    public void versionPrintsTheLauncherFrameworkAndJavaVersions() throws Exception {
        LauncherProcess.Run run = LauncherProcess.runBare("--version");
        assertEquals(run.out(), 0, run.code());
        assertTrue(run.out(), run.out().matches("freelock \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?, Apache Felix 7\\.\\d+\\.\\d+, Java 17\\S*\\n"));
    }

    @Test
    public void anEmptyValueAfterTheEqualsSignIsNamed() throws Exception {
        LauncherProcess.Run run = LauncherProcess.runBare("--demo=");
        assertEquals(run.out(), 2, run.code());
        assertTrue(run.out(), run.out().startsWith("freelock: --demo needs a value after '='\nusage: "));
    }

    @Test
    public void aServerIdWithoutPeersIsABadCommandLine() throws Exception {
        LauncherProcess.Run run = LauncherProcess.runBare("--server-id", "a");
        assertEquals(run.out(), 2, run.code());
        assertTrue(run.out(), run.out().startsWith("freelock: --server-id needs --peers: every server of the cluster "
                + "as id=host:port, separated by commas\nusage: "));
    }

    @Test
    public void aMalformedPeerListIsRefusedAtStartWithTheReplicatedGamesBundlesReason() throws Exception {
        Process launcher = launch("bad-peers", "--server-id", "a", "--peers", "a=127.0.0.1,b=127.0.0.1:9872");
        assertEquals(2, exitCode(launcher));
        String out = output("bad-peers");
        // Declarative Services prints the component's failure as a stack trace of its own; the launcher's line comes last
        assertTrue(out, out.contains("\nfreelock: server a of the cluster a=127.0.0.1,b=127.0.0.1:9872 did not start: "
                + "peers: 'a=127.0.0.1' is not id=host:port\n"));
        assertFalse("no demo, no shell after a refused configuration: " + out, out.contains("freelock demo:"));
    }

    /** Asserts that the run printed a line matching {@code line} exactly once. */
    private static void assertOnce(String line) {
        Matcher lines = Pattern.compile("(?m)^" + line + "$").matcher(deployRunOut);
        int count = 0;
        while (lines.find()) {
            count++;
        }
        assertEquals(deployRunOut, 1, count);
    }

    /** Writes a jar with one entry: no bundle when {@code imports} is null, else a bundle importing them. */
    private static void jar(Path file, String imports) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (imports != null) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", "example.needy");
            main.putValue("Bundle-Version", "1.2.3");
            main.putValue("Import-Package", imports);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("readme.txt"));
            jar.write("not code\n".getBytes());
        }
    }
}
