package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import io.freelock.queue.testkit.Await;

/**
 * Three launcher JVMs on loopback ports form one replicated log: each has the Ratis bundle and its configuration in
 * its deploy folder. The leader is killed with SIGKILL: the other two elect a new leader in a later term. Started
 * again on its folder, the killed server rejoins as a follower and applies what the others committed. Seen through
 * each launcher's /metrics ({@code freelock_raft_*}). On demand: {@code mvn verify -Praft-cluster}, or
 * {@code -Dit.test=RaftClusterIT}.
 */
public class RaftClusterIT {

    private static final List<String> SERVERS = List.of("a", "b", "c");
    private final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();

    @After
    public void stopAll() {
        running.values().forEach(Process::destroyForcibly);
    }

    private static String name(String server) {
        return "raft-" + server;
    }

    private void start(String server) throws IOException {
        running.put(server, LauncherProcess.relaunch(name(server), "--http-port",
                Integer.toString(httpPorts.get(server))));
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

    @Test
    public void theLeaderKilledWithSigkillIsReplacedAndRejoinsWhenStartedAgain() throws Exception {
        for (String server : SERVERS) {
            raftPorts.put(server, FreelockContainer.freePort());
            httpPorts.put(server, FreelockContainer.freePort());
        }
        String peers = SERVERS.stream().map(s -> s + "=127.0.0.1:" + raftPorts.get(s)).collect(Collectors.joining(","));
        File bundle = new File(System.getProperty("freelock.ratis.bundle"));
        for (String server : SERVERS) {
            File deploy = new File(LauncherProcess.freshFolder(name(server)), "deploy");
            deploy.mkdirs();
            Files.copy(bundle.toPath(), deploy.toPath().resolve(bundle.getName()));
            Files.writeString(Path.of(deploy.getPath(), "io.freelock.consensus.ratis.cfg"),
                    "serverId=" + server + "\npeers=" + peers + "\n", StandardCharsets.UTF_8);
            start(server);
        }
        String leader = awaitLeader(SERVERS);
        double term = metric(leader, "freelock_raft_term");

        Process killed = running.remove(leader);
        killed.destroyForcibly(); // SIGKILL: no shutdown hook, no snapshot on stop, no goodbye to the others
        killed.waitFor();
        assertEquals(137, killed.exitValue());
        List<String> left = SERVERS.stream().filter(s -> !s.equals(leader)).collect(Collectors.toList());
        String next = awaitLeader(left);
        assertNotEquals(leader, next);
        assertTrue("a new term", metric(next, "freelock_raft_term") > term);

        start(leader);
        Await.until("the restarted server follows and applies what the others committed", 120, () -> {
            double commit = metric(next, "freelock_raft_commit_index");
            return metric(leader, "freelock_raft_leader") == 0.0 && commit >= 1
                    && metric(leader, "freelock_raft_applied_index") >= commit
                    && metric(leader, "freelock_raft_term") == metric(next, "freelock_raft_term");
        });
    }
}
