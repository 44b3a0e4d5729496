package io.freelock.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

/**
 * Three servers on loopback ports, one log: moves proposed through all three end with identical heads everywhere.
 * Signed proposals and votes: votes are gathered on one server, the proposal goes into the log with its quorum, and
 * every server checks it again; a record sent twice (a client's retry after a leader change) is applied once; cheats
 * are refused by every server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeServersTest {

    private TestCluster cluster;

    @BeforeAll
    void start(@TempDir Path storage) {
        cluster = new TestCluster(storage, 3, Duration.ofSeconds(10), 100_000, 1_000);
        cluster.startAll();
        cluster.awaitLeader();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private Proposal propose(String gameId, String proposer, long ticket, StateHash against) {
        return Proposal.sign(gameId, proposer, against,
                new io.freelock.consensus.CanonicalWriter().writeLong(ticket).toByteArray(),
                cluster.players.privateKey(proposer));
    }

    private Vote vote(String gameId, Proposal proposal, String voter) {
        return Vote.sign(gameId, proposal.id(), voter, true, cluster.players.privateKey(voter));
    }

    /** 10,000 on demand ({@code -Dfreelock.raft.operations=10000}); a CI-sized count otherwise. */
    static final int OPERATIONS = Integer.getInteger("freelock.raft.operations", 200);
    /** Players moving at once, spread over the three servers. */
    static final int WRITERS = 12;

    @Test
    void operationsProposedThroughEveryServerEndWithIdenticalHeadsEverywhere() throws Exception {
        cluster.server("s1").open(cluster.spec("table", 3));
        cluster.awaitVersion("table", 0);
        List<String> ids = List.copyOf(cluster.servers.keySet());
        cluster.play("table", 0, OPERATIONS, WRITERS, ids);
        cluster.awaitVersion("table", OPERATIONS);
        Snapshot<LedgerRules.Ledger> head = cluster.game("s0", "table").current();
        assertEquals(OPERATIONS, head.version());
        assertEquals(0, head.state().duplicates);
        for (long ticket = 0; ticket < OPERATIONS; ticket++) {
            assertTrue(head.state().has(ticket), "ticket " + ticket);
        }
        for (String id : ids) {
            Snapshot<LedgerRules.Ledger> copy = cluster.game(id, "table").current();
            assertEquals(head.version(), copy.version(), "version on " + id);
            assertEquals(head.hash(), copy.hash(), "hash on " + id);
        }
    }

    @Test
    void aProposalVotedOnOneServerCommitsOnEveryServerAndIsAppliedOnceHoweverOftenItIsSent() {
        cluster.server("s0").open(cluster.spec("signed", 3).withDirectApplies(false));
        cluster.awaitVersion("signed", 0);
        GameEngine<LedgerRules.Ledger, Long> onS1 = cluster.game("s1", "signed");
        assertEquals(RefusalReason.DIRECT_APPLY_REFUSED,
                assertThrows(RefusedException.class, () -> onS1.apply(1L)).reason());

        Proposal proposal = propose("signed", "p0", 7, onS1.current().hash());
        assertEquals(ProposalStatus.OPEN, onS1.submit(proposal).status());
        assertEquals(RefusalReason.DUPLICATE_PROPOSAL,
                assertThrows(RefusedException.class, () -> onS1.submit(proposal)).reason());
        Vote approval = vote("signed", proposal, "p1");
        ProposalState committed = onS1.vote(approval);
        assertEquals(ProposalStatus.COMMITTED, committed.status());
        cluster.awaitVersion("signed", 1);
        for (String id : cluster.servers.keySet()) {
            GameEngine<LedgerRules.Ledger, Long> copy = cluster.game(id, "signed");
            assertEquals(committed.committed().orElseThrow().hash(), copy.current().hash(), "hash on " + id);
            assertTrue(copy.current().state().has(7));
        }

        // the same record again, as a client retrying after a leader change would send it, through another server
        Outcome again = cluster.server("s2").node().submit(GameRecord.proposal(proposal, List.of(approval)));
        assertEquals(Outcome.Kind.COMMITTED, again.kind);
        assertEquals(1, again.version, "answered with the first outcome");
        assertEquals(1, cluster.game("s2", "signed").current().version(), "applied once");
        assertEquals(RefusalReason.PROPOSAL_CLOSED,
                assertThrows(RefusedException.class, () -> onS1.vote(vote("signed", proposal, "p2"))).reason());
    }

    @Test
    void aDirectOperationSentTwiceIsAppliedOnce() {
        cluster.server("s1").open(cluster.spec("direct", 3));
        cluster.awaitVersion("direct", 0);
        GameRecord once = GameRecord.apply("direct", new io.freelock.consensus.CanonicalWriter().writeLong(3)
                .toByteArray());
        Outcome first = cluster.server("s0").node().submit(once);
        Outcome second = cluster.server("s2").node().submit(once);
        assertEquals(first.version, second.version);
        assertEquals(first.hash, second.hash);
        cluster.awaitVersion("direct", 1);
        // a host's retry through the engine's own path: answered at once, with what the first one came to
        RefusedException retried = assertThrows(RefusedException.class, () -> cluster.server("s1").replicate(once));
        assertEquals(RefusalReason.ALREADY_APPLIED, retried.reason());
        assertTrue(retried.getMessage().contains("committed v1"), retried.getMessage());
        for (String id : cluster.servers.keySet()) {
            assertEquals(1, cluster.game(id, "direct").current().version(), "applied once on " + id);
            assertEquals(0, cluster.game(id, "direct").current().state().duplicates);
        }
    }

    @Test
    void cheatsAreRefusedBeforeTheLogAndByEveryServerThatAppliesIt() {
        cluster.server("s2").open(cluster.spec("cheats", 3).withDirectApplies(false));
        cluster.awaitVersion("cheats", 0);
        GameEngine<LedgerRules.Ledger, Long> game = cluster.game("s0", "cheats");
        StateHash genesis = game.current().hash();
        Proposal proposal = propose("cheats", "p0", 9, genesis);
        game.submit(proposal);

        // p1's vote signed with p2's key
        Vote forged = Vote.sign("cheats", proposal.id(), "p1", true, cluster.players.privateKey("p2"));
        assertEquals(RefusalReason.BAD_SIGNATURE, assertThrows(RefusedException.class, () -> game.vote(forged))
                .reason());
        Proposal unknown = propose("cheats", "p1", 10, genesis);
        assertEquals(RefusalReason.UNKNOWN_PROPOSAL,
                assertThrows(RefusedException.class, () -> game.vote(vote("cheats", unknown, "p2"))).reason());
        Proposal stranger = new Proposal("cheats", "mallory", genesis, proposal.operation(), proposal.signature());
        assertEquals(RefusalReason.NOT_A_PARTICIPANT,
                assertThrows(RefusedException.class, () -> game.submit(stranger)).reason());

        // a record written straight into the log, past the ballot: without a quorum of good signatures nothing commits
        Outcome noQuorum = cluster.server("s1").node().submit(GameRecord.proposal(unknown, List.of()));
        assertEquals(Outcome.Kind.NOT_COMMITTED, noQuorum.kind, noQuorum.toString());
        Outcome forgedQuorum = cluster.server("s1").node().submit(GameRecord.proposal(
                propose("cheats", "p2", 11, genesis), List.of(forged)));
        assertEquals(Outcome.Kind.REFUSED, forgedQuorum.kind, forgedQuorum.toString());
        assertEquals("BAD_SIGNATURE", forgedQuorum.reason);
        for (String id : cluster.servers.keySet()) {
            assertEquals(genesis, cluster.game(id, "cheats").current().hash(), "nothing changed on " + id);
        }
    }
}
