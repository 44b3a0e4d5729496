package io.freelock.consensus.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.Vote;

/**
 * An engine's proposal desk: it checks signed proposals and votes, keeps the {@link ProposalBook}, and commits a
 * proposal that reaches the quorum through the engine's compare-and-swap core ({@link Core}), or closes it as
 * rejected, stale or expired. It holds no lock: a proposal's votes are a {@link Tally} behind a compare-and-swap,
 * and the one thread that moves a tally to DECIDING is the only one that commits it.
 *
 * <p>Signatures are checked before anything changes and never inside a retry: {@link #submit} and {@link #vote}
 * verify on the caller's thread, before the tally's compare-and-swap and before the commit's. What is refused for a
 * reason that does not depend on who signed (a proposal against a state that is not current, a vote on a proposal
 * that is unknown, closed or already voted on by that voter) is refused before the signature is checked: such a
 * refusal changes nothing, so it needs no proof of its sender, and a late or repeated message costs no Ed25519
 * verification, which is nearly all of what a signed round costs.
 *
 * <p>Each proposer holds at most {@code max(1, maxOpen / participants)} proposals against the current state, open or
 * closed (see {@link ProposalBook}); a proposal whose state is no longer current is closed as stale when the state
 * moves ({@link #settleAll}, on the delivering path); a closed proposal is never opened again.
 */
final class ProposalDesk {

    /** What the desk needs of the engine's core; the engine implements it over its head reference. */
    interface Core {
        /** @return the current head, read with acquire */
        Head head();

        /** @return the current head, read volatile: for reads that must follow a volatile write (StoreLoad) */
        Head latestHead();

        /** @return a recent head with that hash, or null */
        Head find(Head current, StateHash hash);

        /** @return the rules of {@code read}; refuses if the engine is closed or the rules are absent */
        StateMachine<Object, Object> rulesOf(Head read);

        /** @return the operation in canonical {@code bytes}; refuses bytes that are not */
        Object decode(StateMachine<Object, Object> rules, byte[] bytes);

        /**
         * @param evidence the signed proposal and votes it commits with
         * @return the head applying {@code operation} to {@code read} gives, not installed; refusals are counted
         */
        Head transition(Head read, Object operation, byte[] evidence);

        /**
         * A dry run: refuses, counted, whatever {@link #transition} would refuse for {@code operation} on
         * {@code read} (the rules, the validators, the state's encoding), without hashing or building a head.
         */
        void check(Head read, Object operation);

        /** Refuses new work the journal cannot take now. */
        void admit(Head read);

        /** @return whether {@code next} replaced {@code read} (a CAS on the engine's head) */
        boolean install(Head read, Head next);

        /** Hands installed heads on, after an install: to the journal, the listeners and {@link #settleAll}. */
        void delivered();

        /** Returns once {@code installed} is as durable as the settings ask. */
        void acknowledge(Snapshot<Object> installed);
    }

    /** How many retired proposals {@link #proposal} can still report. */
    private static final int CLOSED_RETAINED = 64;

    private final GameSpec spec;
    private final Map<String, Integer> participantIndex;
    private final EngineSettings settings;
    private final EngineCounters counters;
    private final Core core;
    private final ProposalBook book;

    ProposalDesk(GameSpec spec, EngineSettings settings, EngineCounters counters, Core core) {
        this.spec = spec;
        this.participantIndex = indexOf(spec.participants());
        this.settings = settings;
        this.counters = counters;
        this.core = core;
        this.book = new ProposalBook(settings.maxOpenProposals(), spec.participants().size(), CLOSED_RETAINED);
    }

    private static Map<String, Integer> indexOf(List<Participant> participants) {
        HashMap<String, Integer> index = new HashMap<>();
        for (int i = 0; i < participants.size(); i++) {
            index.put(participants.get(i).id(), i);
        }
        return Map.copyOf(index);
    }

    long openCount() {
        return book.openCount();
    }

    ProposalState submit(Proposal proposal) {
        Objects.requireNonNull(proposal, "proposal");
        requireThisGame(proposal.gameId(), "proposal");
        int proposer = requireParticipant(proposal.proposerId(), "proposer");
        String what = "proposal by " + proposal.proposerId();
        requireSigned(proposal.isSigned(), what);
        requireCurrent(proposal, core.head()); // before the signature: a stale proposal costs no verification
        requireValidSignature(proposal.signedContent(), proposal.signature(), proposer, what);
        Head read = core.head(); // again: the state may have moved while the signature was checked
        StateMachine<Object, Object> rules = core.rulesOf(read);
        requireCurrent(proposal, read);
        Object operation = core.decode(rules, proposal.operation());
        Optional<String> actor = rules.actor(operation);
        if (actor.isPresent() && !actor.get().equals(proposal.proposerId())) {
            throw new RefusedException(RefusalReason.NOT_THE_ACTOR, proposal.proposerId() + " proposed "
                    + CasGameEngine.describe(rules, operation) + ", which only " + actor.get() + " may propose");
        }
        core.check(read, operation); // a dry run: refuses now what the rules or validators would refuse at commit
        core.admit(read);
        Instant deadline = settings.clock().instant().plus(settings.proposalTimeout());
        Tally opened = Tally.opened(spec.participants().size(), proposer);
        PendingProposal pending = new PendingProposal(proposal, proposer, deadline, opened);
        book.add(pending);
        book.publish();
        settle(pending); // the state may have moved since it was read, and the sweep missed this proposal
        if (opened.status == ProposalStatus.DECIDING) {
            return decide(pending, opened); // only this thread holds the first tally: no voter moves a DECIDING one
        }
        return pending.view(spec.participants().size());
    }

    /** Refuses a proposal against a state other than {@code read}'s: stale if the game still holds it, else unknown. */
    private void requireCurrent(Proposal proposal, Head read) {
        if (read.hash().equals(proposal.against())) {
            return;
        }
        Head known = core.find(read, proposal.against());
        if (known != null) {
            throw new RefusedException(RefusalReason.STALE_PROPOSAL, "proposed against version "
                    + known.version() + " (" + proposal.against().shortHex() + "); the current version is "
                    + read.version() + " (" + read.hash().shortHex() + ")");
        }
        throw new RefusedException(RefusalReason.UNKNOWN_STATE_HASH, "game '" + spec.gameId()
                + "' holds no state with hash " + proposal.against().shortHex());
    }

    ProposalState vote(Vote vote) {
        Objects.requireNonNull(vote, "vote");
        requireThisGame(vote.gameId(), "vote");
        int voter = requireParticipant(vote.voterId(), "voter");
        String what = "vote by " + vote.voterId();
        requireSigned(vote.isSigned(), what);
        PendingProposal pending = countable(vote, voter); // before the signature: a late vote costs no verification
        requireValidSignature(vote.signedContent(), vote.signature(), voter, what);
        if (!settings.clock().instant().isBefore(pending.deadline)) {
            expire(pending);
        }
        Head now = core.head();
        core.rulesOf(now); // report absent rules, or a journal that cannot take the commit, before counting the vote
        core.admit(now);
        int n = spec.participants().size();
        for (;;) {
            Tally read = pending.tally();
            if (read.status != ProposalStatus.OPEN) {
                throw closedRefusal(pending.id, read.status);
            }
            if (read.hasVoted(voter)) {
                throw duplicateVote(vote, pending);
            }
            Tally next = read.withVote(n, voter, vote);
            if (pending.advance(read, next)) {
                if (next.status == ProposalStatus.DECIDING) {
                    return decide(pending, next);
                }
                if (next.status == ProposalStatus.REJECTED) {
                    counters.proposalsRejected.increment();
                    return retireClosed(pending, next);
                }
                return pending.view(n, next);
            }
            // another vote on this proposal came first: re-read, and check again (it may have been ours)
        }
    }

    /**
     * @return the proposal {@code vote} is for, if the vote could count there; refuses one for a proposal that is
     *         unknown or closed, or that {@code voter} has already voted on. The tally read here may be overtaken;
     *         {@link #vote}'s compare-and-swap loop checks again before it counts anything.
     */
    private PendingProposal countable(Vote vote, int voter) {
        PendingProposal pending = book.get(vote.proposalId());
        if (pending == null) {
            throw book.recentlyClosed(vote.proposalId())
                    .map(last -> closedRefusal(last.id(), last.status()))
                    .orElseGet(() -> new RefusedException(RefusalReason.UNKNOWN_PROPOSAL,
                            "game '" + spec.gameId() + "' has no proposal " + vote.proposalId().shortHex()));
        }
        Tally seen = pending.tally();
        if (seen.status != ProposalStatus.OPEN) {
            throw closedRefusal(pending.id, seen.status);
        }
        if (seen.hasVoted(voter)) {
            throw duplicateVote(vote, pending);
        }
        return pending;
    }

    private static RefusedException duplicateVote(Vote vote, PendingProposal pending) {
        return new RefusedException(RefusalReason.DUPLICATE_VOTE,
                vote.voterId() + " already voted on proposal " + pending.id.shortHex());
    }

    private RefusedException closedRefusal(ProposalId id, ProposalStatus status) {
        return new RefusedException(RefusalReason.PROPOSAL_CLOSED, "proposal " + id.shortHex() + " is "
                + status.name().toLowerCase(Locale.ROOT) + " and takes no more votes");
    }

    /**
     * Commits a proposal whose tally this thread moved to DECIDING: installs its operation if the state it was
     * proposed against is still current, else closes it as stale. Only this thread moves the tally on from here.
     */
    private ProposalState decide(PendingProposal pending, Tally deciding) {
        int n = spec.participants().size();
        Tally outcome;
        try {
            outcome = commit(pending, deciding);
        } catch (RuntimeException | Error e) {
            outcome = deciding.closed(ProposalStatus.REJECTED, "the commit failed: " + e, null);
            close(pending, deciding, outcome);
            throw e;
        }
        ProposalState closed = close(pending, deciding, outcome);
        if (outcome.status == ProposalStatus.COMMITTED) {
            core.acknowledge(outcome.committed); // after the close: the proposal is committed whatever the journal says
        }
        return closed;
    }

    /** @return the closed proposal's last view, as the book keeps it */
    private ProposalState close(PendingProposal pending, Tally deciding, Tally outcome) {
        pending.advance(deciding, outcome); // cannot fail: only the deciding thread moves a DECIDING tally
        switch (outcome.status) {
            case COMMITTED:
                counters.proposalsCommitted.increment();
                break;
            case STALE:
                counters.proposalsStale.increment();
                break;
            default:
                counters.proposalsRejected.increment();
        }
        return retireClosed(pending, outcome);
    }

    /**
     * Books a proposal whose tally this thread closed, and retires it once its state is no longer current.
     *
     * @return its last view (immutable), which the book keeps for {@link #proposal}
     */
    private ProposalState retireClosed(PendingProposal pending, Tally closed) {
        ProposalState last = pending.view(spec.participants().size(), closed);
        book.closed(last);
        settle(pending);
        return last;
    }

    /**
     * Closes as stale, and retires, every proposal whose state is no longer current; called on the delivering path
     * after heads were installed. Cheap when no proposal is in the book: one volatile read.
     */
    void settleAll() {
        if (!book.hasEntries()) {
            return;
        }
        book.forEach(this::settle);
    }

    /**
     * Leaves a proposal whose state is current; otherwise closes it as stale if it is open, and retires it. A
     * DECIDING proposal is left to its decider, which settles it again after closing it.
     *
     * <p>Three threads may race here: the submitter, after inserting; a closer, after closing the tally; a sweeper,
     * after a head was installed. The head is read volatile after the caller's own volatile write (the insert and
     * {@link ProposalBook#publish}, or the tally CAS), and the sweeper reads the book and the tally volatile after
     * the install CAS, so for each proposal at least one of them sees both the move and the proposal's state.
     */
    private void settle(PendingProposal pending) {
        // volatile, not acquire: this read must stay after the caller's volatile write (StoreLoad; see above)
        Head now = core.latestHead();
        StateHash against = pending.proposal.against();
        if (now.hash().equals(against)) {
            return;
        }
        for (;;) {
            Tally read = pending.tallyVolatile();
            if (read.status == ProposalStatus.DECIDING) {
                return;
            }
            if (read.status == ProposalStatus.OPEN) {
                Tally stale = read.closed(ProposalStatus.STALE, "proposed against " + against.shortHex()
                        + ", but the state moved on to version " + now.version() + " (" + now.hash().shortHex()
                        + ")", null);
                if (!pending.advance(read, stale)) {
                    continue; // a vote came first: look again
                }
                counters.proposalsStale.increment();
                book.closed(pending.view(spec.participants().size(), stale));
            }
            book.retire(pending);
            return;
        }
    }

    private Tally commit(PendingProposal pending, Tally deciding) {
        StateHash against = pending.proposal.against();
        long start = EngineCounters.startTiming();
        int lost = 0;
        for (;;) {
            Head read = core.head();
            if (!read.hash().equals(against)) {
                return deciding.closed(ProposalStatus.STALE, "proposed against " + against.shortHex()
                        + ", but the state moved on to version " + read.version() + " (" + read.hash().shortHex() + ")",
                        null);
            }
            Head next;
            try {
                core.admit(read);
                StateMachine<Object, Object> rules = core.rulesOf(read);
                next = core.transition(read, core.decode(rules, pending.proposal.operation()),
                        Evidence.of(pending.proposal, deciding.approvals()));
            } catch (RefusedException refused) {
                return deciding.closed(ProposalStatus.REJECTED, "refused at commit: " + refused.getMessage(), null);
            }
            if (core.install(read, next)) {
                counters.committed(lost, start);
                core.delivered();
                return deciding.closed(ProposalStatus.COMMITTED, "", next.snapshot);
            }
            // lost to a commit (the loop then finds the hash moved: stale) or to a rebind (same hash: try again)
            counters.casFailed.increment();
            lost++;
        }
    }

    /** @return whether this call expired the proposal (false if it was decided or expired already) */
    private boolean expire(PendingProposal pending) {
        for (;;) {
            Tally read = pending.tally();
            if (read.status != ProposalStatus.OPEN) {
                return false;
            }
            Tally expired = read.closed(ProposalStatus.EXPIRED, "no decision by " + pending.deadline, null);
            if (pending.advance(read, expired)) {
                counters.proposalsExpired.increment();
                retireClosed(pending, expired);
                return true;
            }
            // a vote came in meanwhile: look again; if it decided the proposal, there is nothing to expire
        }
    }

    int expireDue() {
        Instant now = settings.clock().instant();
        int expired = 0;
        for (PendingProposal pending : book.openProposals()) {
            if (!now.isBefore(pending.deadline) && expire(pending)) {
                expired++;
            }
        }
        return expired;
    }

    Optional<ProposalState> proposal(ProposalId id) {
        PendingProposal pending = book.get(id);
        if (pending != null) {
            return Optional.of(pending.view(spec.participants().size()));
        }
        return book.recentlyClosed(id);
    }

    List<ProposalState> proposals() {
        return book.openProposals().stream().map(p -> p.view(spec.participants().size()))
                .sorted(Comparator.comparing(ProposalState::deadline).thenComparing(ProposalState::id))
                .collect(Collectors.toList());
    }

    private void requireThisGame(String gameId, String what) {
        if (!spec.gameId().equals(gameId)) {
            throw new RefusedException(RefusalReason.WRONG_GAME,
                    "a " + what + " for game '" + gameId + "' was sent to game '" + spec.gameId() + "'");
        }
    }

    private int requireParticipant(String id, String role) {
        Integer index = participantIndex.get(id);
        if (index == null) {
            throw new RefusedException(RefusalReason.NOT_A_PARTICIPANT,
                    role + " '" + id + "' is not a participant of game '" + spec.gameId() + "'");
        }
        return index;
    }

    private static void requireSigned(boolean signed, String what) {
        if (!signed) {
            throw new RefusedException(RefusalReason.MISSING_SIGNATURE, what + " is not signed");
        }
    }

    private void requireValidSignature(byte[] content, byte[] signature, int signer, String what) {
        Participant participant = spec.participants().get(signer);
        if (!participant.verifies(content, signature)) {
            throw new RefusedException(RefusalReason.BAD_SIGNATURE,
                    what + " does not carry " + participant.id() + "'s Ed25519 signature of its content");
        }
    }
}
