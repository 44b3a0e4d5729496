package io.freelock.it;

import static io.freelock.it.LauncherProcess.awaitOutput;
import static io.freelock.it.LauncherProcess.exitCode;
import static io.freelock.it.LauncherProcess.launch;
import static io.freelock.it.LauncherProcess.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * What examples/README.md promises a newcomer: the example game and host, built by this reactor, dropped into a
 * running launcher's deploy/, play their games to the end with every move sent through the host's managed queue.
 */
public class LauncherExamplesIT {

    private static final Pattern GAME_OVER = Pattern.compile(
            "example host: game (tictactoe-\\d) over at v(\\d+): [.xo /]+; (alice wins|bob wins|draw)\\n");
    private static final Pattern PLAYED = Pattern.compile(
            "example host: played 3 games; queue 'example\\.moves' moved (\\d+) moves on (\\w+), (\\d+) refused\\n");

    @Test
    public void theExampleHostAndGameDroppedIntoDeployPlayThreeGamesThroughTheQueue() throws Exception {
        int port = FreelockContainer.freePort();
        Process launcher = launch("examples", "--http-port", Integer.toString(port));
        try {
            awaitOutput("examples", "bundles started");
            Path work = FreelockContainer.workFolder("launcher-examples").toPath();
            File[] examples = new File(System.getProperty("freelock.examplebundles")).listFiles();
            assertEquals("the example bundles built by examples/", 2, examples.length);
            for (File jar : examples) { // FileInstall must see whole jars: write beside deploy/, then move in
                Files.copy(jar.toPath(), work.resolve(jar.getName()));
                Files.move(work.resolve(jar.getName()), work.resolve("deploy").resolve(jar.getName()),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            awaitOutput("examples", "example host: played 3 games");
            String out = output("examples");
            assertTrue(out, out.contains("bundle started: io.freelock.example.tictactoe"));
            assertTrue(out, out.contains("bundle started: io.freelock.example.host"));

            // each game ended by the rules (a line or a full board), one version per move taken
            Matcher over = GAME_OVER.matcher(out);
            long applied = 0;
            for (int n = 1; n <= 3; n++) {
                assertTrue(out, over.find());
                assertEquals("tictactoe-" + n, over.group(1));
                int version = Integer.parseInt(over.group(2));
                assertTrue("a game ends after 5 to 9 moves, not " + version, version >= 5 && version <= 9);
                assertEquals(over.group(), version == 9 || !over.group(3).equals("draw"), true);
                applied += version;
            }

            // every move came through the queue: taken = applied + refused, and the queue's own count agrees
            Matcher played = PLAYED.matcher(out);
            assertTrue(out, played.find());
            long taken = Long.parseLong(played.group(1));
            assertEquals(out, taken, applied + Long.parseLong(played.group(3)));
            Scrape.awaitValue(port, "freelock_queue_polled_total{queue=\"example.moves\"}", taken);
        } finally {
            launcher.destroy(); // SIGTERM: the shutdown hook stops the framework, and with it the host
            exitCode(launcher);
        }
    }
}
