package io.freelock.consensus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;

/**
 * An open proposal: what was proposed, by when it must be decided, and its current {@link Tally}, which only moves
 * forward by compare-and-swap: OPEN to OPEN (a vote), OPEN to DECIDING, REJECTED or EXPIRED, and DECIDING to the
 * outcome (only by the thread that installed DECIDING).
 */
final class PendingProposal {

    private static final VarHandle TALLY;

    static {
        try {
            TALLY = MethodHandles.lookup().findVarHandle(PendingProposal.class, "tally", Tally.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Proposal proposal;
    final ProposalId id;
    /** The proposer's index in the game spec's participants, whose share the proposal counts against. */
    final int proposer;
    final Instant deadline;
    @SuppressWarnings("unused")
    private Tally tally;

    PendingProposal(Proposal proposal, int proposer, Instant deadline, Tally initial) {
        this.proposal = proposal;
        this.id = proposal.id();
        this.proposer = proposer;
        this.deadline = deadline;
        // plain: published with the proposal by the skip list's insertion, which is a volatile CAS
        this.tally = initial;
    }

    Tally tally() {
        // acquire: pairs with the CAS that installed the tally, so its arrays and counts are seen whole
        return (Tally) TALLY.getAcquire(this);
    }

    Tally tallyVolatile() {
        // volatile: a sweeper's read after installing a head, paired with a closer's CAS before it reads the head,
        // so that either the sweeper sees the tally closed or the closer sees the head moved (see ProposalBook)
        return (Tally) TALLY.getVolatile(this);
    }

    /** @return whether {@code next} replaced {@code expected} */
    boolean advance(Tally expected, Tally next) {
        // volatile CAS: votes on one proposal are totally ordered; a loser re-reads and re-checks its vote
        return TALLY.compareAndSet(this, expected, next);
    }

    ProposalState view(int participants) {
        Tally t = tally();
        return view(participants, t);
    }

    ProposalState view(int participants, Tally t) {
        return new ProposalState(proposal, t.status, t.votesFor, t.votesAgainst, participants, deadline, t.detail,
                t.committed);
    }
}
