package io.freelock.benchmarks.variants;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Experiment: the in-flight bookkeeping the manager's {@code Stage} does around every call, alone, over a bare
 * queue: a producer increments a shared count, reads whether the stage is retired, offers, decrements; a consumer
 * does the same with its own count and the sealed flag. Two atomic read-modify-writes (lock-prefixed on x86) per
 * call. Measured next to {@link InFlightMarked} to show what a cheaper handshake would save; the manager's other
 * costs (the volatile head and tail reads, the gap bookkeeping) are not here.
 *
 * @param <E> the element type
 */
public final class InFlightCounted<E> extends AbstractQueue<E> {

    private static final int PRODUCERS = 8;
    private static final int CONSUMERS = 24;

    private final Queue<E> queue;
    private final AtomicLongArray counts = new AtomicLongArray(CONSUMERS + 8);
    private volatile Object next; // never set here: the stage is never retired
    private volatile boolean sealed; // never set here

    public InFlightCounted(Queue<E> queue) {
        this.queue = queue;
    }

    @Override
    public boolean offer(E e) {
        counts.incrementAndGet(PRODUCERS);
        try {
            if (next != null) {
                return false;
            }
            return queue.offer(e);
        } finally {
            counts.decrementAndGet(PRODUCERS);
        }
    }

    @Override
    public E poll() {
        counts.incrementAndGet(CONSUMERS);
        try {
            if (sealed) {
                return null;
            }
            return queue.poll();
        } finally {
            counts.decrementAndGet(CONSUMERS);
        }
    }

    @Override
    public E peek() {
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("an experiment: offer and poll only");
    }
}
