package io.freelock.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.queue.testkit.Await;

/**
 * A server added later catches up from a snapshot of the engines plus the log's tail; a server whose copy diverged
 * stops the game there, naming itself, while the others go on.
 */
class CatchUpTest {

    @TempDir
    Path storage;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void play(String server, long from, long to) throws Exception {
        cluster.play("table", from, to, 8, List.of(server));
    }

    @Test
    void aFourthServerAddedLaterCatchesUpFromASnapshot() throws Exception {
        cluster = new TestCluster(storage, 4, Duration.ofSeconds(10), 20, 1_000);
        String three = cluster.peers(List.of("s0", "s1", "s2"));
        for (String id : List.of("s0", "s1", "s2")) {
            cluster.start(id, new LedgerRules(), three, false);
        }
        String leader = cluster.awaitLeader();
        cluster.server(leader).open(cluster.spec("table", 3));
        play(leader, 0, 200); // many snapshots; the log before the last is purged
        Replication late = cluster.start("s3", new LedgerRules(), cluster.peers(), true);
        cluster.server(leader).setPeers(PeerList.parse(cluster.peers()));
        play(leader, 200, 210);
        cluster.awaitVersion("table", 210);
        Snapshot<LedgerRules.Ledger> head = cluster.game(leader, "table").current();
        assertEquals(head.hash(), cluster.game("s3", "table").current().hash());
        assertTrue(late.log().snapshotsLoaded.get() >= 1, "the new server started from a snapshot");
        assertTrue(late.log().applied.get() < 210, "and applied only the log's tail, " + late.log().applied.get()
                + " entries");
        assertEquals(4, cluster.server(leader).status().peers.size(), cluster.server(leader).status().toString());
    }

    @Test
    void aServerWhoseCopyDivergedStopsTheGameNamingItselfWhileTheOthersGoOn() throws Exception {
        cluster = new TestCluster(storage, 3, Duration.ofSeconds(10), 100_000, 10);
        cluster.start("s0", new LedgerRules());
        cluster.start("s1", new LedgerRules());
        cluster.start("s2", new LedgerRules(25)); // a bug in s2's copy of the rules at the 25th move
        cluster.awaitLeader();
        cluster.server("s0").open(cluster.spec("table", 3));
        play("s0", 0, 20);
        cluster.awaitVersion("table", 20);
        play("s0", 20, 40);
        Await.until("s2 stops the game", () -> cluster.server("s2").log().game("table")
                .map(game -> !game.serving()).orElse(false));
        RefusedException refused = assertThrows(RefusedException.class,
                () -> cluster.game("s2", "table").current());
        assertEquals(RefusalReason.REPLICA_DIVERGED, refused.reason());
        assertTrue(refused.getMessage().contains("'s2'") && refused.getMessage().contains("version 30"),
                refused.getMessage());
        assertTrue(cluster.server("s2").log().game("table").isPresent(), "s2 still knows the game it stopped");
        play("s1", 40, 45);
        // acknowledged once s1 applied them; s0's reads are local, so it may apply the last ones a moment later
        Await.until("s0 applies what s1 had acknowledged", () -> cluster.game("s0", "table").current().version() == 45);
        assertEquals(0, cluster.game("s1", "table").current().state().duplicates);
    }
}
