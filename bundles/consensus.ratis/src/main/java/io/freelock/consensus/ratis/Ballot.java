package io.freelock.consensus.ratis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Vote;

/**
 * The proposals of a replicated game that wait for votes on this server. Votes are gathered here, before the log:
 * the log carries a proposal only together with the signed votes that reach the quorum, so every server commits it
 * from one entry, and no server's clock (a proposal's expiry) can make the servers disagree. Each server checks the
 * signatures and the quorum again when it applies the entry; the checks here only refuse early, with the same
 * reasons.
 */
final class Ballot {

    /** How long a proposal waits for votes: the engine's default. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The most proposals one game holds open on one server. */
    static final int MAX_OPEN = 1024;

    /** What the ballot says about a vote: the proposal's state, and the entry to replicate if the vote decided it. */
    static final class Verdict {
        final ProposalState state;
        /** The proposal's approving votes, other than the proposer's, once they reach the quorum; else null. */
        final List<Vote> quorum;

        Verdict(ProposalState state, List<Vote> quorum) {
            this.state = state;
            this.quorum = quorum;
        }
    }

    private static final class Pending {
        final Proposal proposal;
        final Instant deadline;
        /** Votes by voter, the proposer's own excluded (its proposal is its vote); guarded by this Pending. */
        final Map<String, Vote> votes = new LinkedHashMap<>();

        Pending(Proposal proposal, Instant deadline) {
            this.proposal = proposal;
            this.deadline = deadline;
        }
    }

    private final GameSpec spec;
    private final Clock clock;
    private final ConcurrentHashMap<ProposalId, Pending> open = new ConcurrentHashMap<>();

    Ballot(GameSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    /** @throws RefusedException WRONG_GAME, MISSING_SIGNATURE, NOT_A_PARTICIPANT or BAD_SIGNATURE */
    void checkProposal(Proposal proposal) {
        checkSigned(proposal.gameId(), proposal.proposerId(), proposal.isSigned(), proposal.signedContent(),
                proposal.signature(), "proposal " + proposal.id().shortHex());
    }

    /**
     * Holds a checked proposal open for votes.
     *
     * @return its state: open, with the proposer's vote
     * @throws RefusedException DUPLICATE_PROPOSAL if it is open already, TOO_MANY_PROPOSALS if the game holds as many
     *         as it may
     */
    ProposalState hold(Proposal proposal) {
        expireDue();
        if (open.size() >= MAX_OPEN) {
            throw new RefusedException(RefusalReason.TOO_MANY_PROPOSALS, "game '" + spec.gameId() + "' holds "
                    + open.size() + " proposals open on this server");
        }
        Pending pending = new Pending(proposal, clock.instant().plus(TIMEOUT));
        if (open.putIfAbsent(proposal.id(), pending) != null) {
            throw new RefusedException(RefusalReason.DUPLICATE_PROPOSAL, proposal + " is open already");
        }
        return state(pending, ProposalStatus.OPEN, "");
    }

    /**
     * Counts a vote on a proposal held here.
     *
     * @return the proposal's state, and its quorum if this vote reached it (the proposal leaves the ballot then)
     * @throws RefusedException WRONG_GAME, MISSING_SIGNATURE, NOT_A_PARTICIPANT, BAD_SIGNATURE, DUPLICATE_VOTE; or
     *         UNKNOWN_PROPOSAL if no such proposal waits here
     */
    Verdict count(Vote vote) {
        checkSigned(vote.gameId(), vote.voterId(), vote.isSigned(), vote.signedContent(), vote.signature(),
                "vote " + vote);
        expireDue();
        Pending pending = open.get(vote.proposalId());
        if (pending == null) {
            throw new RefusedException(RefusalReason.UNKNOWN_PROPOSAL, "no proposal " + vote.proposalId().shortHex()
                    + " of game '" + spec.gameId() + "' waits for votes on this server");
        }
        // a monitor per proposal: the votes of one proposal are few and each is followed by a network round trip
        synchronized (pending) {
            if (vote.voterId().equals(pending.proposal.proposerId()) || pending.votes.containsKey(vote.voterId())) {
                throw new RefusedException(RefusalReason.DUPLICATE_VOTE, vote.voterId() + " voted on "
                        + pending.proposal + " already");
            }
            if (open.get(vote.proposalId()) != pending) {
                throw new RefusedException(RefusalReason.PROPOSAL_CLOSED, pending.proposal + " was decided");
            }
            pending.votes.put(vote.voterId(), vote);
            int n = spec.participants().size();
            if (votesFor(pending) >= ProposalState.votesToCommit(n)) {
                open.remove(vote.proposalId());
                List<Vote> approving = new ArrayList<>();
                pending.votes.values().stream().filter(Vote::approve).forEach(approving::add);
                return new Verdict(state(pending, ProposalStatus.DECIDING, ""), approving);
            }
            if (votesAgainst(pending) >= ProposalState.votesToReject(n)) {
                open.remove(vote.proposalId());
                return new Verdict(state(pending, ProposalStatus.REJECTED, "more than a third voted against it"),
                        null);
            }
            return new Verdict(state(pending, ProposalStatus.OPEN, ""), null);
        }
    }

    Optional<ProposalState> find(ProposalId id) {
        Pending pending = open.get(id);
        if (pending == null) {
            return Optional.empty();
        }
        synchronized (pending) {
            return Optional.of(state(pending, ProposalStatus.OPEN, ""));
        }
    }

    /** @return the proposals waiting here, soonest deadline first */
    List<ProposalState> waiting() {
        List<ProposalState> states = new ArrayList<>();
        for (ProposalId id : open.keySet()) {
            find(id).ifPresent(states::add);
        }
        states.sort(Comparator.comparing(ProposalState::deadline));
        return states;
    }

    /** @return how many proposals it dropped as overdue */
    int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Map.Entry<ProposalId, Pending> entry : open.entrySet()) {
            if (!entry.getValue().deadline.isAfter(now) && open.remove(entry.getKey(), entry.getValue())) {
                expired++;
            }
        }
        return expired;
    }

    private void checkSigned(String gameId, String signer, boolean signed, byte[] content, byte[] signature,
            String what) {
        if (!spec.gameId().equals(gameId)) {
            throw new RefusedException(RefusalReason.WRONG_GAME, what + " is for game '" + gameId + "', not '"
                    + spec.gameId() + "'");
        }
        if (!signed) {
            throw new RefusedException(RefusalReason.MISSING_SIGNATURE, what + " is not signed");
        }
        Participant participant = spec.participant(signer).orElseThrow(() -> new RefusedException(
                RefusalReason.NOT_A_PARTICIPANT, signer + " does not play game '" + spec.gameId() + "'"));
        if (!participant.verifies(content, signature)) {
            throw new RefusedException(RefusalReason.BAD_SIGNATURE, what + " is not signed by " + signer + "'s key");
        }
    }

    private static int votesFor(Pending pending) {
        return 1 + (int) pending.votes.values().stream().filter(Vote::approve).count();
    }

    private static int votesAgainst(Pending pending) {
        return (int) pending.votes.values().stream().filter(v -> !v.approve()).count();
    }

    private ProposalState state(Pending pending, ProposalStatus status, String detail) {
        return new ProposalState(pending.proposal, status, votesFor(pending), votesAgainst(pending),
                spec.participants().size(), pending.deadline, detail, null);
    }
}
