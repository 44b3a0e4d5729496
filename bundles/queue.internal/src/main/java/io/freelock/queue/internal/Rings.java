package io.freelock.queue.internal;

import io.freelock.queue.QueueSpec;

/** Sizing of ring buffers, for every queue built on one. */
public final class Rings {

    private Rings() {
    }

    /**
     * @param requested the fewest elements the ring must hold
     * @param least the smallest ring the queue's algorithm works with (a power of two)
     * @return {@code requested} rounded up to a power of two, and to at least {@code least}, so that a position
     *         maps to its slot by a mask
     * @throws IllegalArgumentException if {@code requested} is outside 1..{@link QueueSpec#MAX_CAPACITY}
     */
    public static int size(int requested, int least) {
        if (requested < 1 || requested > QueueSpec.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + requested + " is outside 1.." + QueueSpec.MAX_CAPACITY);
        }
        int atLeast = Math.max(least, requested);
        return atLeast == 1 ? 1 : Integer.highestOneBit(atLeast - 1) << 1;
    }
}
