package io.freelock.queue.michaelscott;

import io.freelock.queue.ClosableQueue;

/**
 * The {@linkplain MichaelScottList Michael-Scott list} as a queue of its own: unbounded, any number of producer and
 * consumer threads, closable to producers (the marker its close links). What the {@code michaelscott} driver
 * creates for several producers; see {@link MichaelScottList} for the algorithm, its removal and its close.
 *
 * @param <E> the element type
 */
public final class MichaelScottQueue<E> extends MichaelScottList<E> implements ClosableQueue<E> {

    /** Creates an empty queue. */
    public MichaelScottQueue() {
    }
}
