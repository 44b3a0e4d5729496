package io.freelock.queue.spsc;

import io.freelock.queue.CountingQueue;
import io.freelock.queue.QueueSpec;

/**
 * The {@linkplain SpscRing SPSC ring} as a queue of its own: what the {@code spsc} driver creates, and what it counts
 * (its two indices are its traffic counts).
 *
 * @param <E> the element type
 */
public final class SpscRingQueue<E> extends SpscRing<E> implements CountingQueue<E> {

    /**
     * Creates an empty ring.
     *
     * @param capacity the least number of elements the ring must hold: 1 .. {@link QueueSpec#MAX_CAPACITY}
     * @throws IllegalArgumentException if {@code capacity} is outside that range
     */
    public SpscRingQueue(int capacity) {
        super(capacity);
    }
}
