package io.freelock.queue.vyukov;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.QueueSpec;

/**
 * The {@linkplain VyukovRing Vyukov ring} as a queue of its own: bounded, any number of producer and consumer
 * threads, closable to producers (its closed bit) and counting its traffic (its two indices). What the
 * {@code vyukov} driver creates; see {@link VyukovRing} for the algorithm, its waits, batches, holes and removal.
 *
 * @param <E> the element type
 */
public final class VyukovQueue<E> extends VyukovRing<E> implements ClosableQueue<E>, CountingQueue<E> {

    /**
     * @param requestedCapacity the fewest elements the queue must hold; rounded up to a power of two, and to at
     *        least 2
     * @throws IllegalArgumentException if {@code requestedCapacity} is outside 1..{@link QueueSpec#MAX_CAPACITY}
     */
    public VyukovQueue(int requestedCapacity) {
        super(requestedCapacity);
    }
}
