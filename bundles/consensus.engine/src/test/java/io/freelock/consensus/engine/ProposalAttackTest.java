package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Vote;

/** Issue 13, attacks 5 and 8: what one participant could do to the proposal book, and what it may do now. */
class ProposalAttackTest {

    private final ManualClock clock = new ManualClock();
    /** Four participants, eight places: each holds a share of two. */
    private final CounterTable table = new CounterTable(4, EngineSettings.defaults().withClock(clock)
            .withProposalTimeout(Duration.ofSeconds(10)).withMaxOpenProposals(8));

    // ---- attack 5: one participant takes every place; proposals on a moved state stay open ----

    @Test
    void oneParticipantCannotTakeEveryPlaceAndLockTheOthersOut() {
        table.engine.submit(table.propose("p0", 1));
        table.engine.submit(table.propose("p0", 2));
        RefusedException third = assertRefused(RefusalReason.TOO_MANY_PROPOSALS,
                () -> table.engine.submit(table.propose("p0", 3)));
        assertTrue(third.getMessage().contains("p0 holds 2"), third.getMessage());
        for (String other : new String[] {"p1", "p2", "p3"}) {
            for (long amount = 1; amount <= 2; amount++) {
                assertEquals(ProposalStatus.OPEN, table.engine.submit(table.propose(other, amount)).status(),
                        other + " still has its share");
            }
        }
        assertEquals(8, table.engine.stats().proposalsOpen());
    }

    @Test
    void proposalsAgainstAStateThatMovedAreClosedStaleAtTheMoveNotAtExpiry() {
        ProposalId first = table.engine.submit(table.propose("p0", 7)).id();
        ProposalId second = table.engine.submit(table.propose("p1", 5)).id();
        table.engine.vote(table.vote(first, "p1", true));
        table.engine.apply(1L);
        for (ProposalId id : new ProposalId[] {first, second}) {
            ProposalState state = table.engine.proposal(id).orElseThrow();
            assertEquals(ProposalStatus.STALE, state.status());
            assertTrue(state.detail().contains("moved on to version 1"), state.detail());
        }
        assertEquals(0, table.engine.stats().proposalsOpen());
        assertEquals(2, table.engine.stats().proposalsStale());
        assertTrue(table.engine.proposals().isEmpty());
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(table.vote(first, "p2", true)));
        assertEquals(1, table.engine.current().version());
    }

    @Test
    void aCommittedProposalClosesTheOthersOnItsStateAsStaleAndFreesTheirShares() {
        ProposalId winner = table.engine.submit(table.propose("p0", 7)).id();
        ProposalId loser = table.engine.submit(table.propose("p0", 8)).id();
        table.engine.vote(table.vote(winner, "p1", true));
        assertEquals(ProposalStatus.COMMITTED, table.engine.vote(table.vote(winner, "p2", true)).status());
        assertEquals(ProposalStatus.STALE, table.engine.proposal(loser).orElseThrow().status());
        // p0's share counts proposals against the current state only: the move gave both places back
        assertEquals(ProposalStatus.OPEN, table.engine.submit(table.propose("p0", 1)).status());
        assertEquals(ProposalStatus.OPEN, table.engine.submit(table.propose("p0", 2)).status());
    }

    // ---- attack 8: a closed proposal submitted again comes back open, and its old votes count again ----

    @Test
    void aRejectedProposalCannotBeOpenedAgainNorItsVotesCountAgain() {
        Proposal proposal = table.propose("p0", 7);
        ProposalId id = table.engine.submit(proposal).id();
        Vote p1For = table.vote(id, "p1", true);
        table.engine.vote(p1For);
        table.engine.vote(table.vote(id, "p2", false));
        assertEquals(ProposalStatus.REJECTED, table.engine.vote(table.vote(id, "p3", false)).status());
        RefusedException again = assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.submit(proposal));
        assertTrue(again.getMessage().contains("rejected"), again.getMessage());
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(p1For));
        assertEquals(ProposalStatus.REJECTED, table.engine.proposal(id).orElseThrow().status());
        assertEquals(0, table.engine.current().version());
    }

    @Test
    void anExpiredProposalCannotBeOpenedAgainNorItsVotesCountAgain() {
        Proposal proposal = table.propose("p0", 7);
        ProposalId id = table.engine.submit(proposal).id();
        Vote p1For = table.vote(id, "p1", true);
        table.engine.vote(p1For);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, table.engine.expireDue());
        RefusedException again = assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.submit(proposal));
        assertTrue(again.getMessage().contains("expired"), again.getMessage());
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(p1For));
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(table.vote(id, "p2", true)));
        assertEquals(0, table.engine.current().version());
        assertEquals(ProposalStatus.EXPIRED, table.engine.proposal(id).orElseThrow().status());
    }

    @Test
    void aClosedProposalSubmittedAfterTheStateMovedIsStale() {
        Proposal proposal = table.propose("p0", 7);
        ProposalId id = table.engine.submit(proposal).id();
        table.engine.vote(table.vote(id, "p1", false));
        table.engine.vote(table.vote(id, "p2", false));
        table.engine.apply(1L);
        assertRefused(RefusalReason.STALE_PROPOSAL, () -> table.engine.submit(proposal));
    }

    @Test
    void closedProposalsHeldAgainstTheCurrentStateCountAgainstTheirProposersShare() {
        for (long amount = 1; amount <= 2; amount++) {
            ProposalId id = table.engine.submit(table.propose("p0", amount)).id();
            table.engine.vote(table.vote(id, "p1", false));
            table.engine.vote(table.vote(id, "p2", false));
        }
        assertEquals(0, table.engine.stats().proposalsOpen());
        assertRefused(RefusalReason.TOO_MANY_PROPOSALS, () -> table.engine.submit(table.propose("p0", 3)));
        table.engine.apply(1L);
        assertEquals(ProposalStatus.OPEN, table.engine.submit(table.propose("p0", 3)).status());
    }

    // ---- issue 15: what is refused before its signature is checked (it could not count, whoever signed it) ----

    @Test
    void forgedVotesThatCouldNotCountAreRefusedForWhatTheyAreAndChangeNothing() {
        ProposalId open = table.engine.submit(table.propose("p0", 1)).id();
        table.engine.vote(table.vote(open, "p1", true));
        Vote forgedRepeat = Vote.sign(table.gameId, open, "p1", false, table.key("p3")); // p1 has voted; p3's key
        assertRefused(RefusalReason.DUPLICATE_VOTE, () -> table.engine.vote(forgedRepeat));
        Vote unsignedRepeat = new Vote(table.gameId, open, "p1", false, null);
        assertRefused(RefusalReason.MISSING_SIGNATURE, () -> table.engine.vote(unsignedRepeat));
        Vote forgedUnknown = Vote.sign(table.gameId, ProposalId.of(new byte[32]), "p2", true, table.key("p3"));
        assertRefused(RefusalReason.UNKNOWN_PROPOSAL, () -> table.engine.vote(forgedUnknown));
        ProposalState still = table.engine.proposal(open).orElseThrow();
        assertEquals(ProposalStatus.OPEN, still.status());
        assertEquals(2, still.votesFor());
        assertEquals(0, still.votesAgainst());

        Vote forgedFor = Vote.sign(table.gameId, open, "p2", true, table.key("p3")); // p2 has not voted: checked
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.vote(forgedFor));
        assertEquals(ProposalStatus.COMMITTED, table.engine.vote(table.vote(open, "p2", true)).status());
        Vote forgedLate = Vote.sign(table.gameId, open, "p3", false, table.key("p0"));
        assertRefused(RefusalReason.PROPOSAL_CLOSED, () -> table.engine.vote(forgedLate));
        assertEquals(1, table.engine.current().version());
        assertEquals(1L, table.engine.current().state());
        assertEquals(ProposalStatus.COMMITTED, table.engine.proposal(open).orElseThrow().status());
    }

    @Test
    void aForgedProposalAgainstAStateThatMovedIsRefusedAsStaleAndOpensNothing() {
        Proposal forged = Proposal.sign(table.gameId, "p1", table.engine.current().hash(),
                table.engine.encodeOperation(5L), table.key("p2"));
        table.engine.apply(1L);
        assertRefused(RefusalReason.STALE_PROPOSAL, () -> table.engine.submit(forged));
        Proposal forgedNow = Proposal.sign(table.gameId, "p1", table.engine.current().hash(),
                table.engine.encodeOperation(5L), table.key("p2"));
        assertRefused(RefusalReason.BAD_SIGNATURE, () -> table.engine.submit(forgedNow));
        assertEquals(0, table.engine.stats().proposalsOpen());
        assertTrue(table.engine.proposals().isEmpty());
        assertEquals(1L, table.engine.current().state());
    }

    private static RefusedException assertRefused(RefusalReason reason, Executable call) {
        RefusedException refused = assertThrows(RefusedException.class, call);
        assertEquals(reason, refused.reason(), refused.getMessage());
        return refused;
    }
}
