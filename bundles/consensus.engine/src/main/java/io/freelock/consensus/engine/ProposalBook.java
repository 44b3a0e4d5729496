package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import io.freelock.consensus.ProposalId;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * An engine's open proposals, and the last few closed ones.
 *
 * <p><b>Why this is lock-free.</b> The open proposals live in a {@link ConcurrentSkipListMap}, the JDK's lock-free
 * skip list (after Fraser and Harris): inserting, finding and removing are compare-and-swaps on node links and
 * values, with marker nodes so that a thread stopped half-way through a removal is helped past by the others, and no
 * lock anywhere ({@code ConcurrentHashMap}, by contrast, locks a bin to insert into it). A proposal's votes are an
 * immutable {@link Tally} behind a compare-and-swap. The open count, which bounds the book, is reserved by a
 * compare-and-swap loop before inserting. The closed ones go into a {@link RecentRing}, which is wait-free. So a
 * thread stalled anywhere in here never stops another from proposing, voting or expiring.
 */
final class ProposalBook {

    private final ConcurrentSkipListMap<ProposalId, PendingProposal> open = new ConcurrentSkipListMap<>();
    private final AtomicLong openCount = new AtomicLong();
    private final RecentRing<ProposalState> closed;
    private final int maxOpen;

    ProposalBook(int maxOpen, int closedRetained) {
        this.maxOpen = maxOpen;
        this.closed = new RecentRing<>(closedRetained);
    }

    PendingProposal get(ProposalId id) {
        return open.get(id);
    }

    /**
     * @throws RefusedException {@link RefusalReason#TOO_MANY_PROPOSALS} if the book is full,
     *         {@link RefusalReason#DUPLICATE_PROPOSAL} if a proposal with that id is open
     */
    void add(PendingProposal proposal) {
        long count;
        do {
            // volatile read and CAS: reserve a place before inserting, so the bound holds under any interleaving
            count = openCount.get();
            if (count >= maxOpen) {
                throw new RefusedException(RefusalReason.TOO_MANY_PROPOSALS,
                        count + " proposals are open, the most this engine takes");
            }
        } while (!openCount.compareAndSet(count, count + 1));
        // the skip list's insert is a CAS on a node link: it publishes the proposal (and its first tally) whole
        if (open.putIfAbsent(proposal.id, proposal) != null) {
            openCount.decrementAndGet();
            throw new RefusedException(RefusalReason.DUPLICATE_PROPOSAL,
                    "proposal " + proposal.id.shortHex() + " is already open");
        }
    }

    /** Moves a proposal whose tally is closed from the open map to the closed ring; called once per proposal. */
    void close(PendingProposal proposal, ProposalState last) {
        closed.add(last); // first: a voter who misses it in the map then finds it here
        open.remove(proposal.id, proposal); // a CAS on the node's value, then on the link: lock-free
        openCount.decrementAndGet(); // atomic: frees the place reserved in add()
    }

    Optional<ProposalState> recentlyClosed(ProposalId id) {
        return closed.newestFirst().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    List<PendingProposal> openProposals() {
        return new ArrayList<>(open.values());
    }

    long openCount() {
        return openCount.get();
    }
}
