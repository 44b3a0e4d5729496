package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;

import io.freelock.queue.testkit.Await;

/**
 * Three launcher JVMs on loopback ports, started as a user starts them ({@code --demo <time> --server-id <id>
 * --peers ...}), each play the demo's craps table as a game replicated on all three. The leader is killed with
 * SIGKILL in the middle of the game: the other two elect a new leader and their tables play on, and when their demos
 * are over, the moves each acknowledged are all in the game every server holds (the demo's own check: every commit one
 * version on, and the hash chain it computes from the moves acknowledged to it, ends at the game's hash). The killed
 * server, started again on its folder (as a server, without the demo), catches up, and then all three hold the same
 * version and hash of every table, the killed server's included, which holds at least what that server acknowledged
 * before it died. Seen through each launcher's output, its /metrics ({@code freelock_raft_*}) and its operator console's Games
 * page. On demand: {@code mvn verify -Praft-cluster}, or {@code -Dit.test=RaftClusterIT}.
 */
public class RaftClusterIT {

    private static final List<String> SERVERS = List.of("a", "b", "c");
    /** Long enough for the kill, the election and play after it while all three tables run. */
    private static final String DEMO = "60s";
    /** Moves each table must have acknowledged before the kill, and again after it. */
    private static final long MOVES = 20;
    private static final String USER = "operator";
    private static final String PASSWORD = "a cluster operator's password";
    private static final Pattern ACKNOWLEDGED = Pattern.compile("acknowledged (demo-table-\\d+) v(\\d+) ([0-9a-f]{64})");
    private static final Pattern SUMMARY = Pattern.compile(
            "craps table: rounds \\d+, operations committed \\d+, version (\\d+), hash ([0-9a-f]{64})");
    private static final Pattern GAME_ROW = Pattern.compile("<tr data-game='(demo-table-\\d+)'>.*?"
            + "<td class='version'>(\\d+)</td><td class='hash' title='([0-9a-f]{64})'>");
    private static final String OVER = "freelock: the demo is over (exit code ";

    private final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private String peers;

    /** A game's version and hash. */
    record Head(long version, String hash) {
    }

    @After
    public void stopAll() {
        running.values().forEach(Process::destroyForcibly);
    }

    private static String name(String server) {
        return "raft-" + server;
    }

    /** Starts a server that plays the demo for {@code demo}, or only serves the log if that is null. */
    private void start(String server, String demo) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server-id", server, "--peers", peers, "--http-port",
                Integer.toString(httpPorts.get(server))));
        if (demo != null) {
            args.addAll(List.of("--demo", demo));
        }
        running.put(server, LauncherProcess.relaunch(name(server), args.toArray(new String[0])));
    }

    private double metric(String server, String name) {
        try {
            Scrape scrape = Scrape.get(httpPorts.get(server));
            return scrape.status == 200 ? scrape.value(name + "{server=\"" + server + "\"}") : Double.NaN;
        } catch (IOException | AssertionError | NumberFormatException notYet) {
            return Double.NaN;
        }
    }

    /** @return the one server among {@code servers} that reports itself leader, once exactly one does */
    private String awaitLeader(List<String> servers) {
        String[] leader = new String[1];
        Await.until("one leader among " + servers, 120, () -> {
            List<String> leaders = servers.stream().filter(s -> metric(s, "freelock_raft_leader") == 1.0)
                    .collect(Collectors.toList());
            leader[0] = leaders.size() == 1 ? leaders.get(0) : null;
            return leader[0] != null;
        });
        return leader[0];
    }

    private static String output(String server) {
        try {
            return LauncherProcess.output(name(server));
        } catch (IOException notYet) {
            return "";
        }
    }

    /** @return the last head this server's demo reported acknowledged for its own table, or null before the first */
    private static Map.Entry<String, Head> lastAcknowledged(String output) {
        Matcher m = ACKNOWLEDGED.matcher(output);
        Map.Entry<String, Head> last = null;
        while (m.find()) {
            last = Map.entry(m.group(1), new Head(Long.parseLong(m.group(2)), m.group(3)));
        }
        return last;
    }

    private static long acknowledgedVersion(String server) {
        Map.Entry<String, Head> last = lastAcknowledged(output(server));
        return last == null ? -1 : last.getValue().version();
    }

    /**
     * @return the final head a demo reported for its table, after checking that it ended clean: nothing lost, the
     *         hash chain of the moves acknowledged to it verified against the game's hash, exit code 0
     */
    private static Map.Entry<String, Head> finalHead(String server, String output) {
        assertTrue(server + " ended its demo with exit code 0:\n" + output, output.contains(OVER + "0)"));
        assertTrue(server + "'s table lost nothing and its hash chain holds:\n" + output,
                output.contains(", lost 0, ") && output.contains("hash chain verified"));
        Matcher summary = SUMMARY.matcher(output);
        assertTrue(server + " printed its table's summary", summary.find());
        Map.Entry<String, Head> last = lastAcknowledged(output);
        assertNotNull(server + " acknowledged moves", last);
        Head head = new Head(Long.parseLong(summary.group(1)), summary.group(2));
        assertEquals(server + "'s last acknowledged head is its table's final head", last.getValue(), head);
        return Map.entry(last.getKey(), head);
    }

    /** @return every demo table's head as the server's console shows it; empty while it cannot be read */
    private Map<String, Head> tables(String server) {
        Map<String, Head> tables = new HashMap<>();
        try {
            URL url = new URL("http://" + FreelockContainer.HTTP_HOST + ":" + httpPorts.get(server)
                    + "/system/console/freelock-games");
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            try {
                if (connection.getResponseCode() != 200) {
                    return tables;
                }
                try (InputStream in = connection.getInputStream()) {
                    Matcher row = GAME_ROW.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (row.find()) {
                        tables.put(row.group(1), new Head(Long.parseLong(row.group(2)), row.group(3)));
                    }
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            tables.clear();
        }
        return tables;
    }

    @Test
    public void theDemoTablesPlayOnWhenTheLeaderIsKilledAndEveryServerEndsWithTheSameGames() throws Exception {
        for (String server : SERVERS) {
            raftPorts.put(server, FreelockContainer.freePort());
            httpPorts.put(server, FreelockContainer.freePort());
        }
        peers = SERVERS.stream().map(s -> s + "=127.0.0.1:" + raftPorts.get(s)).collect(Collectors.joining(","));
        // An operator for each console, as docs/console.md says (fewer PBKDF2 rounds than the script's default)
        String operator = Scripts.run(Map.of("FREELOCK_PBKDF2_ITERATIONS", "100000"), PASSWORD + "\n",
                "console-password", USER);
        for (String server : SERVERS) {
            File deploy = new File(LauncherProcess.freshFolder(name(server)), "deploy");
            deploy.mkdirs();
            Files.writeString(new File(deploy, "io.freelock.console.cfg").toPath(), operator, StandardCharsets.UTF_8);
            start(server, DEMO);
        }
        Await.until("every server's table to acknowledge " + MOVES + " moves", 180,
                () -> SERVERS.stream().allMatch(s -> acknowledgedVersion(s) >= MOVES));
        String leader = awaitLeader(SERVERS);
        double term = metric(leader, "freelock_raft_term");

        Process killed = running.remove(leader);
        killed.destroyForcibly(); // SIGKILL: no shutdown hook, no snapshot on stop, no goodbye to the others
        killed.waitFor();
        assertEquals(137, killed.exitValue());
        Map.Entry<String, Head> killedTable = lastAcknowledged(output(leader));
        List<String> left = SERVERS.stream().filter(s -> !s.equals(leader)).collect(Collectors.toList());
        String next = awaitLeader(left);
        assertNotEquals(leader, next);
        assertTrue("a new term", metric(next, "freelock_raft_term") > term);
        Map<String, Long> atKill = new HashMap<>();
        left.forEach(s -> atKill.put(s, acknowledgedVersion(s)));
        Await.until("the tables of " + left + " to play on after the kill", 120,
                () -> left.stream().allMatch(s -> acknowledgedVersion(s) >= atKill.get(s) + MOVES));

        start(leader, null); // as a server only: it catches up, and its vote counts again
        Await.until("the demos of " + left + " to be over", 240,
                () -> left.stream().allMatch(s -> output(s).contains(OVER)));
        Map<String, Head> expected = new HashMap<>();
        for (String server : left) {
            Map.Entry<String, Head> table = finalHead(server, output(server));
            expected.put(table.getKey(), table.getValue());
        }
        assertEquals("the survivors played two tables to their end", 2, expected.size());
        assertTrue("the killed server's table is not one of them", !expected.containsKey(killedTable.getKey()));

        // the killed server's table, and the two played to their end
        Await.until("every server to hold the same version and hash of every table", 120, () -> {
            Map<String, Head> first = tables(SERVERS.get(0));
            return first.size() == expected.size() + 1 && SERVERS.stream().allMatch(s -> tables(s).equals(first))
                    && first.entrySet().containsAll(expected.entrySet());
        });
        Map<String, Head> agreed = tables(SERVERS.get(0));
        Head survivorsCopy = agreed.get(killedTable.getKey());
        Head acknowledged = killedTable.getValue();
        assertTrue("the killed server's table holds every move it acknowledged: " + acknowledged + " against "
                + survivorsCopy, survivorsCopy.version() >= acknowledged.version()
                        && (survivorsCopy.version() > acknowledged.version() || survivorsCopy.equals(acknowledged)));
    }
}
