package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

class ProposalTest {

    private final ManualClock clock = new ManualClock();
    private final CounterTable table = new CounterTable(4, EngineSettings.defaults().withClock(clock)
            .withProposalTimeout(Duration.ofSeconds(10)));

    @Test
    void aProposalCommitsWhenTwoThirdsRoundedUpAreFor() {
        ProposalState opened = table.engine.submit(table.propose("p0", 7));
        assertEquals(ProposalStatus.OPEN, opened.status());
        assertEquals(1, opened.votesFor(), "the proposal is its proposer's vote");
        assertEquals(3, opened.votesToCommit(), "ceil(2/3 * 4)");
        ProposalState second = table.engine.vote(table.vote(opened.id(), "p1", true));
        assertEquals(ProposalStatus.OPEN, second.status());
        assertEquals(0, table.engine.current().version());
        ProposalState third = table.engine.vote(table.vote(opened.id(), "p2", true));
        assertEquals(ProposalStatus.COMMITTED, third.status());
        Snapshot<?> committed = third.committed().orElseThrow();
        assertEquals(1, committed.version());
        assertSame(committed, table.engine.current());
        assertEquals(7L, table.engine.current().state());
        assertEquals(ProposalStatus.COMMITTED, table.engine.proposal(opened.id()).orElseThrow().status());
        assertEquals(1, table.engine.stats().proposalsCommitted());
        assertEquals(0, table.engine.stats().proposalsOpen());
        assertTrue(table.engine.proposals().isEmpty());
    }

    @Test
    void aProposalIsRejectedWhenMoreThanAThirdAreAgainst() {
        ProposalId id = table.engine.submit(table.propose("p0", 7)).id();
        assertEquals(ProposalStatus.OPEN, table.engine.vote(table.vote(id, "p1", false)).status());
        ProposalState rejected = table.engine.vote(table.vote(id, "p2", false));
        assertEquals(ProposalStatus.REJECTED, rejected.status());
        assertTrue(rejected.detail().contains("2 of 4"), rejected.detail());
        assertEquals(0, table.engine.current().version());
        assertEquals(1, table.engine.stats().proposalsRejected());
        RefusedException late = assertThrows(RefusedException.class,
                () -> table.engine.vote(table.vote(id, "p3", true)));
        assertEquals(RefusalReason.PROPOSAL_CLOSED, late.reason());
    }

    @Test
    void aProposalOnAStateThatMovedOnIsStaleAndTakesNoQuorum() {
        ProposalId id = table.engine.submit(table.propose("p0", 7)).id();
        table.engine.apply(1L);
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(table.vote(id, "p1", true)));
        assertEquals(ProposalStatus.STALE, table.engine.proposal(id).orElseThrow().status());
        assertEquals(1, table.engine.current().version());
        assertEquals(1L, table.engine.current().state());
        assertEquals(1, table.engine.stats().proposalsStale());
    }

    @Test
    void inAGameOfOneTheProposalCommitsAtOnce() {
        CounterTable solo = new CounterTable(1);
        ProposalState state = solo.engine.submit(solo.propose("p0", 2));
        assertEquals(ProposalStatus.COMMITTED, state.status());
        assertEquals(2L, solo.engine.current().state());
    }

    @Test
    void aSecondVoteBySameParticipantIsRefusedAndNotCounted() {
        ProposalId id = table.engine.submit(table.propose("p0", 7)).id();
        table.engine.vote(table.vote(id, "p1", true));
        assertRefused(RefusalReason.DUPLICATE_VOTE, () -> table.engine.vote(table.vote(id, "p1", true)));
        assertRefused(RefusalReason.DUPLICATE_VOTE, () -> table.engine.vote(table.vote(id, "p1", false)));
        assertRefused(RefusalReason.DUPLICATE_VOTE, () -> table.engine.vote(table.vote(id, "p0", true)));
        ProposalState now = table.engine.proposal(id).orElseThrow();
        assertEquals(2, now.votesFor());
        assertEquals(0, now.votesAgainst());
    }

    @Test
    void forgedVotesAreRefusedAndNotCounted() {
        ProposalId id = table.engine.submit(table.propose("p0", 7)).id();
        Vote byAnotherKey = Vote.sign(table.gameId, id, "p1", true, table.key("p2"));
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.vote(byAnotherKey));
        Vote against = table.vote(id, "p1", false);
        Vote flipped = new Vote(table.gameId, id, "p1", true, against.signature());
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.vote(flipped));
        Vote unsigned = new Vote(table.gameId, id, "p1", true, null);
        assertRefused(RefusalReason.MISSING_SIGNATURE, () -> table.engine.vote(unsigned));
        Vote truncated = new Vote(table.gameId, id, "p1", true, Arrays.copyOf(table.vote(id, "p1", true).signature(), 10));
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.vote(truncated));
        KeyPair stranger = Participant.generateKeys();
        Vote outsider = Vote.sign(table.gameId, id, "mallory", true, stranger.getPrivate());
        assertRefused(RefusalReason.NOT_A_PARTICIPANT, () -> table.engine.vote(outsider));
        Vote otherGame = Vote.sign("game-2", id, "p1", true, table.key("p1"));
        assertRefused(RefusalReason.WRONG_GAME, () -> table.engine.vote(otherGame));
        ProposalState now = table.engine.proposal(id).orElseThrow();
        assertEquals(1, now.votesFor());
        assertEquals(0, now.votesAgainst());
        assertEquals(ProposalStatus.OPEN, now.status());
    }

    @Test
    void aVoteOnAnUnknownProposalIsRefused() {
        ProposalId unknown = ProposalId.of(new byte[32]);
        assertRefused(RefusalReason.UNKNOWN_PROPOSAL, () -> table.engine.vote(table.vote(unknown, "p1", true)));
    }

    @Test
    void badProposalsAreRefusedAndNothingIsOpened() {
        StateHash current = table.engine.current().hash();
        byte[] seven = table.engine.encodeOperation(7L);
        Proposal byAnotherKey = Proposal.sign(table.gameId, "p0", current, seven, table.key("p1"));
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.submit(byAnotherKey));
        Proposal tampered = new Proposal(table.gameId, "p0", current, table.engine.encodeOperation(8L),
                table.propose("p0", 7).signature());
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.submit(tampered));
        assertRefused(RefusalReason.MISSING_SIGNATURE,
                () -> table.engine.submit(new Proposal(table.gameId, "p0", current, seven, new byte[0])));
        KeyPair stranger = Participant.generateKeys();
        assertRefused(RefusalReason.NOT_A_PARTICIPANT, () -> table.engine.submit(
                Proposal.sign(table.gameId, "mallory", current, seven, stranger.getPrivate())));
        assertRefused(RefusalReason.WRONG_GAME, () -> table.engine.submit(
                Proposal.sign("game-2", "p0", current, seven, table.key("p0"))));
        StateHash unknown = StateHash.of(new CanonicalWriter().writeString("nowhere").sha256());
        assertRefused(RefusalReason.UNKNOWN_STATE_HASH, () -> table.engine.submit(table.propose("p0", 7, unknown)));
        assertRefused(RefusalReason.MALFORMED_OPERATION, () -> table.engine.submit(
                Proposal.sign(table.gameId, "p0", current, new byte[] {1, 2, 3}, table.key("p0"))));
        assertRefused(RefusalReason.ILLEGAL_OPERATION, () -> table.engine.submit(table.propose("p0", -4)));
        assertTrue(table.engine.proposals().isEmpty());
        assertEquals(0, table.engine.stats().proposalsOpen());
        assertEquals(0, table.engine.current().version());
    }

    @Test
    void aProposalAgainstARecentButSupersededStateIsStale() {
        Proposal old = table.propose("p0", 7);
        table.engine.apply(1L);
        assertRefused(RefusalReason.STALE_PROPOSAL, () -> table.engine.submit(old));
    }

    @Test
    void theIdIsDerivedFromTheContentAndTheSameContentCannotBeOpenTwice() {
        Proposal seven = table.propose("p0", 7);
        Proposal sevenAgain = table.propose("p0", 7);
        assertEquals(seven.id(), sevenAgain.id());
        assertNotEquals(seven.id(), table.propose("p0", 8).id());
        assertNotEquals(seven.id(), table.propose("p1", 7).id());
        table.engine.submit(seven);
        assertRefused(RefusalReason.DUPLICATE_PROPOSAL, () -> table.engine.submit(sevenAgain));
        assertEquals(1, table.engine.proposals().size());
        table.engine.submit(table.propose("p0", 8));
        assertEquals(2, table.engine.proposals().size());
    }

    @Test
    void proposalsExpireOnTheEngineClock() {
        ProposalId id = table.engine.submit(table.propose("p0", 7)).id();
        clock.advance(Duration.ofSeconds(9));
        assertEquals(0, table.engine.expireDue());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, table.engine.expireDue());
        assertEquals(ProposalStatus.EXPIRED, table.engine.proposal(id).orElseThrow().status());
        assertEquals(1, table.engine.stats().proposalsExpired());
        assertEquals(0, table.engine.stats().proposalsOpen());
        RefusedException late = assertRefused(RefusalReason.PROPOSAL_CLOSED,
                () -> table.engine.vote(table.vote(id, "p1", true)));
        assertTrue(late.getMessage().contains("expired"), late.getMessage());
    }

    @Test
    void aVoteAfterTheDeadlineExpiresTheProposalEvenBeforeASweep() {
        ProposalId id = table.engine.submit(table.propose("p0", 7)).id();
        clock.advance(Duration.ofSeconds(10));
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(table.vote(id, "p1", true)));
        assertEquals(ProposalStatus.EXPIRED, table.engine.proposal(id).orElseThrow().status());
        assertEquals(0, table.engine.current().version());
    }

    @Test
    void theEngineTakesNoMoreThanItsMaximumOfOpenProposals() {
        CounterTable small = new CounterTable(4, EngineSettings.defaults().withMaxOpenProposals(1));
        small.engine.submit(small.propose("p0", 1));
        assertRefused(RefusalReason.TOO_MANY_PROPOSALS, () -> small.engine.submit(small.propose("p0", 2)));
        assertEquals(1, small.engine.proposals().size());
    }

    private static RefusedException assertRefused(RefusalReason reason, Executable call) {
        RefusedException refused = assertThrows(RefusedException.class, call);
        assertEquals(reason, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(reason.name() + ": "), refused.getMessage());
        return refused;
    }
}
