package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * An engine's proposals against the current state, open or closed, and the last few retired ones.
 *
 * <p><b>What it holds.</b> A proposal is accepted only against the current state hash. It stays in the book while
 * that state is current, open or closed: a closed one is a tombstone, so that submitting it again is refused as
 * {@link RefusalReason#PROPOSAL_CLOSED} and its old votes, which anyone can replay, never count again. Once the
 * state moves, every proposal against the old state is retired (an open one closed as stale first, see
 * {@link #retire}); a resubmission is then refused as stale by the engine, so nothing needs remembering past that.
 *
 * <p><b>Bounds.</b> Each proposer holds at most {@code max(1, maxOpen / participants)} entries against the current
 * state, open or closed, so one participant cannot take every place, and the book never holds more than
 * {@code max(maxOpen, participants)} entries; at most {@code maxOpen} are open.
 *
 * <p><b>Why this is lock-free.</b> The entries live in a {@link ConcurrentSkipListMap}, the JDK's lock-free skip list
 * (after Fraser and Harris): inserting, finding and removing are compare-and-swaps on node links and values, with
 * marker nodes so that a thread stopped half-way through a removal is helped past by the others. A proposal's votes
 * are an immutable {@link Tally} behind a compare-and-swap. The per-proposer and open counts are reserved by
 * compare-and-swap loops before inserting. The retired ones go into a {@link RecentRing}, which is wait-free.
 */
final class ProposalBook {

    /** Proposals against the current state (and, briefly, the one before it), open or closed, by id. */
    private final ConcurrentSkipListMap<ProposalId, PendingProposal> entries = new ConcurrentSkipListMap<>();
    /** Open proposals: reserved by CAS before inserting, freed when a tally closes; bounds the open ones. */
    private final AtomicLong openCount = new AtomicLong();
    /** Entries per proposer (in spec order), open or closed: reserved by CAS before inserting, freed on retiring. */
    private final AtomicIntegerArray held;
    /**
     * Entries published in the map and not yet retired: incremented after the insert, so that a sweeper who reads
     * it non-zero sees the inserted entry (and one who reads zero was before the increment; see {@link #publish}).
     */
    private final AtomicLong live = new AtomicLong();
    /** Closed proposals no longer in the map, so that {@code proposal(id)} can still report how they ended. */
    private final RecentRing<ProposalState> retired;
    private final int maxOpen;
    private final int share;

    /**
     * @param maxOpen the most proposals open at once
     * @param participants the game's participants; each may hold {@code max(1, maxOpen / participants)} entries
     * @param retiredKept how many retired proposals {@link #recentlyClosed} can still report
     */
    ProposalBook(int maxOpen, int participants, int retiredKept) {
        this.maxOpen = maxOpen;
        this.share = Math.max(1, maxOpen / participants);
        this.held = new AtomicIntegerArray(participants);
        this.retired = new RecentRing<>(retiredKept);
    }

    /** @return how many entries one proposer may hold against the current state, open or closed */
    int share() {
        return share;
    }

    /** @return the proposal with that id against the current state, open or closed; null if none */
    PendingProposal get(ProposalId id) {
        return entries.get(id);
    }

    /**
     * Inserts a new proposal. The caller then calls {@link #publish}, and checks the state is still current.
     *
     * @throws RefusedException {@link RefusalReason#PROPOSAL_CLOSED} if a proposal with that id was closed against
     *         the current state, {@link RefusalReason#DUPLICATE_PROPOSAL} if it is open,
     *         {@link RefusalReason#TOO_MANY_PROPOSALS} if its proposer holds its share or the book is full
     */
    void add(PendingProposal proposal) {
        refuseKnown(entries.get(proposal.id), proposal);
        int proposer = proposal.proposer;
        int count;
        do {
            // volatile read and CAS: the proposer's share holds under any interleaving of its submits
            count = held.get(proposer);
            if (count >= share) {
                throw new RefusedException(RefusalReason.TOO_MANY_PROPOSALS, proposal.proposal.proposerId()
                        + " holds " + count + " proposals against this state, its share (" + maxOpen
                        + " open at most, among " + held.length() + " participants)");
            }
        } while (!held.compareAndSet(proposer, count, count + 1));
        long open;
        do {
            // volatile read and CAS: reserve a place before inserting, so the bound holds under any interleaving
            open = openCount.get();
            if (open >= maxOpen) {
                held.decrementAndGet(proposer);
                throw new RefusedException(RefusalReason.TOO_MANY_PROPOSALS,
                        open + " proposals are open, the most this engine takes");
            }
        } while (!openCount.compareAndSet(open, open + 1));
        // the skip list's insert is a CAS on a node link: it publishes the proposal (and its first tally) whole
        PendingProposal known = entries.putIfAbsent(proposal.id, proposal);
        if (known != null) {
            openCount.decrementAndGet();
            held.decrementAndGet(proposer);
            refuseKnown(known, proposal);
        }
    }

    private static void refuseKnown(PendingProposal known, PendingProposal proposal) {
        if (known == null) {
            return;
        }
        ProposalStatus status = known.tally().status;
        if (status.isClosed()) {
            throw new RefusedException(RefusalReason.PROPOSAL_CLOSED, "proposal " + proposal.id.shortHex()
                    + " was " + status.name().toLowerCase(java.util.Locale.ROOT)
                    + " against this state and cannot be opened again");
        }
        throw new RefusedException(RefusalReason.DUPLICATE_PROPOSAL,
                "proposal " + proposal.id.shortHex() + " is already open");
    }

    /**
     * Counts a proposal that {@link #add} inserted as live, for {@link #hasEntries}; called once, after the insert.
     * The submitter then reads the head (volatile): a sweeper who installed a head and then read {@code live} as
     * zero did so before this increment, so the submitter sees the new head and settles the proposal itself.
     */
    void publish() {
        live.incrementAndGet(); // volatile RMW: pairs with the sweeper's volatile read in hasEntries
    }

    /** @return whether any proposal may need settling after the state moved; false is exact for any head before */
    boolean hasEntries() {
        return live.get() != 0; // volatile read: pairs with publish's increment (see there)
    }

    /** Counts a proposal whose tally closed, once, by the thread that closed it, and keeps its last view. */
    void closed(ProposalState last) {
        openCount.decrementAndGet(); // atomic: frees the open place reserved in add()
        retired.add(last); // before any retire: a reader who misses it in the map then finds it here
    }

    /**
     * Removes a proposal whose state is no longer current; whichever thread gets here first does it (the submitter,
     * the closer, or a sweeper), the others find it gone.
     */
    void retire(PendingProposal proposal) {
        // a CAS on the node's value, then on the link: exactly one remover succeeds
        if (entries.remove(proposal.id, proposal)) {
            held.decrementAndGet(proposal.proposer); // atomic: frees the proposer's share
            live.decrementAndGet();
        }
    }

    Optional<ProposalState> recentlyClosed(ProposalId id) {
        return retired.newestFirst().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Runs {@code action} on every entry, open or closed, in id order (weakly consistent), copying nothing. */
    void forEach(Consumer<PendingProposal> action) {
        entries.values().forEach(action);
    }

    /** @return the entries still taking votes or being decided */
    List<PendingProposal> openProposals() {
        List<PendingProposal> open = new ArrayList<>();
        for (PendingProposal p : entries.values()) {
            if (!p.tally().status.isClosed()) {
                open.add(p);
            }
        }
        return open;
    }

    long openCount() {
        return openCount.get();
    }

    /** @return entries in the map, open or closed, for tests of the bound */
    int size() {
        return entries.size();
    }
}
