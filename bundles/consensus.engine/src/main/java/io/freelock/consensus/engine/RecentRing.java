package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few values added, in a fixed array used as a ring: adding claims a position with one atomic increment
 * and overwrites the oldest entry, so it is wait-free; reading scans a copy of the slots. Used for the recent
 * snapshots an engine can still validate from, and for recently closed proposals.
 *
 * @param <T> the element type
 */
final class RecentRing<T> {

    private final AtomicReferenceArray<T> slots;
    private final int mask;
    private final AtomicLong next = new AtomicLong();

    /** @param capacity at least this many most recent values are kept (rounded up to a power of two) */
    RecentRing(int capacity) {
        if (capacity < 1 || capacity > 1 << 20) {
            throw new IllegalArgumentException("ring capacity " + capacity + " is outside 1.." + (1 << 20));
        }
        int size = 1;
        while (size < capacity) {
            size <<= 1;
        }
        slots = new AtomicReferenceArray<>(size);
        mask = size - 1;
    }

    int capacity() {
        return mask + 1;
    }

    void add(T value) {
        // getAndIncrement: each adder gets its own position; volatile set: readers see the value whole
        slots.set((int) (next.getAndIncrement() & mask), value);
    }

    /**
     * {@link #add} for a ring that one thread at a time adds to, the adders ordered by something else (a history's
     * delivering flag): no atomic increment, and release stores instead of volatile ones.
     */
    void addFromOneThread(T value) {
        long position = next.getPlain(); // the last adder's store is ordered before us by what orders the adders
        slots.setRelease((int) (position & mask), value); // release: a reader that finds it sees the value whole
        next.setRelease(position + 1); // release, after the slot: pairs with newestFirst's volatile read of next
    }

    /** @return the values held now, newest first as far as adders finished in order */
    List<T> newestFirst() {
        // acquire (volatile read): the position first, so the walk starts at the newest slot written
        long end = next.get();
        List<T> out = new ArrayList<>(slots.length());
        for (long i = end - 1; i >= end - slots.length() && i >= 0; i--) {
            T value = slots.get((int) (i & mask)); // volatile read: pairs with add's volatile set
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }
}
