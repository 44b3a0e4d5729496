package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.List;

import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.Vote;

/**
 * The votes on one proposal at one moment, immutable: a vote makes a new tally, installed by compare-and-swap on
 * the proposal, so two votes never overwrite each other and a participant's second vote is seen in the bitmap of
 * who voted. The tally that reaches a threshold carries the decision: {@link ProposalStatus#DECIDING} (its
 * installer then commits) or {@link ProposalStatus#REJECTED}.
 */
final class Tally {

    final ProposalStatus status;
    /** Bit i set: participant i (in the game spec's order) voted. */
    private final long[] voted;
    final int votesFor;
    /** The signed votes for the proposal, by participant index (null where none); the proposer's own is implied. */
    private final Vote[] approvals;
    final int votesAgainst;
    final String detail;
    final Snapshot<Object> committed;

    private Tally(ProposalStatus status, long[] voted, Vote[] approvals, int votesFor, int votesAgainst, String detail,
            Snapshot<Object> committed) {
        this.status = status;
        this.voted = voted;
        this.approvals = approvals;
        this.votesFor = votesFor;
        this.votesAgainst = votesAgainst;
        this.detail = detail;
        this.committed = committed;
    }

    /** @return the tally of a new proposal: its proposer's vote for it, and DECIDING if that is already enough */
    static Tally opened(int participants, int proposerIndex) {
        long[] voted = new long[(participants + 63) / 64];
        voted[proposerIndex >>> 6] |= 1L << proposerIndex;
        return decide(participants, voted, new Vote[participants], 1, 0);
    }

    boolean hasVoted(int participantIndex) {
        return (voted[participantIndex >>> 6] & (1L << participantIndex)) != 0;
    }

    /**
     * @param vote the participant's verified vote, kept if it approves: the signed votes of a committed proposal go
     *        into the game's journal as evidence (see {@link Evidence})
     * @return this tally with one more vote, and the status the thresholds give
     */
    Tally withVote(int participants, int participantIndex, Vote vote) {
        long[] now = voted.clone();
        now[participantIndex >>> 6] |= 1L << participantIndex;
        boolean approve = vote.approve();
        Vote[] kept = approvals;
        if (approve) {
            kept = approvals.clone();
            kept[participantIndex] = vote;
        }
        return decide(participants, now, kept, votesFor + (approve ? 1 : 0), votesAgainst + (approve ? 0 : 1));
    }

    /** @return the signed votes for the proposal, in participant order (the proposer's own is its proposal) */
    List<Vote> approvals() {
        List<Vote> votes = new ArrayList<>();
        for (Vote v : approvals) {
            if (v != null) {
                votes.add(v);
            }
        }
        return votes;
    }

    private static Tally decide(int participants, long[] voted, Vote[] approvals, int votesFor, int votesAgainst) {
        if (votesFor >= ProposalState.votesToCommit(participants)) {
            return new Tally(ProposalStatus.DECIDING, voted, approvals, votesFor, votesAgainst, "", null);
        }
        if (votesAgainst >= ProposalState.votesToReject(participants)) {
            return new Tally(ProposalStatus.REJECTED, voted, approvals, votesFor, votesAgainst,
                    votesAgainst + " of " + participants + " participants voted against", null);
        }
        return new Tally(ProposalStatus.OPEN, voted, approvals, votesFor, votesAgainst, "", null);
    }

    /** @return this tally closed with {@code outcome} */
    Tally closed(ProposalStatus outcome, String why, Snapshot<Object> result) {
        return new Tally(outcome, voted, approvals, votesFor, votesAgainst, why, result);
    }
}
