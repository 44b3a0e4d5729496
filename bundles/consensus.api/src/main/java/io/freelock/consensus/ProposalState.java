package io.freelock.consensus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A proposal as an engine sees it at one moment: its status, the votes so far, the thresholds, its deadline and,
 * once committed, the snapshot it produced. Immutable.
 */
public final class ProposalState {

    private final Proposal proposal;
    private final ProposalStatus status;
    private final int votesFor;
    private final int votesAgainst;
    private final int participants;
    private final Instant deadline;
    private final String detail;
    private final Snapshot<?> committed;

    /**
     * @param detail why it was rejected or went stale, or an empty string
     * @param committed the snapshot it produced, or null unless {@code status} is {@link ProposalStatus#COMMITTED}
     */
    public ProposalState(Proposal proposal, ProposalStatus status, int votesFor, int votesAgainst, int participants,
            Instant deadline, String detail, Snapshot<?> committed) {
        this.proposal = Objects.requireNonNull(proposal, "proposal");
        this.status = Objects.requireNonNull(status, "status");
        this.votesFor = votesFor;
        this.votesAgainst = votesAgainst;
        this.participants = participants;
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.committed = committed;
    }

    /** @return the votes for it that commit it among {@code n} participants: two thirds, rounded up */
    public static int votesToCommit(int n) {
        return (2 * n + 2) / 3;
    }

    /** @return the votes against it that reject it among {@code n} participants: more than a third */
    public static int votesToReject(int n) {
        return n / 3 + 1;
    }

    public Proposal proposal() {
        return proposal;
    }

    public ProposalId id() {
        return proposal.id();
    }

    public ProposalStatus status() {
        return status;
    }

    /** @return votes for, the proposer's included */
    public int votesFor() {
        return votesFor;
    }

    public int votesAgainst() {
        return votesAgainst;
    }

    /** @return how many participants the game has */
    public int participants() {
        return participants;
    }

    /** @return {@link #votesToCommit(int)} of this game */
    public int votesToCommit() {
        return votesToCommit(participants);
    }

    /** @return {@link #votesToReject(int)} of this game */
    public int votesToReject() {
        return votesToReject(participants);
    }

    /** @return when it expires if still open */
    public Instant deadline() {
        return deadline;
    }

    /** @return why it was rejected or went stale; empty otherwise */
    public String detail() {
        return detail;
    }

    /** @return the snapshot it produced, if committed */
    public Optional<Snapshot<?>> committed() {
        return Optional.ofNullable(committed);
    }

    @Override
    public String toString() {
        return proposal.id().shortHex() + " " + status + " for " + votesFor + "/" + votesToCommit() + " against "
                + votesAgainst + "/" + votesToReject() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
