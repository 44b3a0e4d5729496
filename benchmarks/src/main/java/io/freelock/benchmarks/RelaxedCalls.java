package io.freelock.benchmarks;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jctools.queues.MpmcArrayQueue;

import io.freelock.queue.ConcurrentQueue;

/**
 * A queue whose {@code offer} and {@code poll} are another queue's relaxed calls ({@code relaxedOffer},
 * {@code relaxedPoll}: no full or empty re-check when the next slot is not ready), so that the harness of
 * {@link TwoToOne}, which calls {@link Queue#offer} and {@link Queue#poll}, measures them. The harness never spins on
 * a refusal, it counts it and calls again, which is the caller these calls are for. A fork only ever sees one queue,
 * so the two calls through the functional fields are monomorphic and inlined.
 *
 * @param <E> the element type
 */
final class RelaxedCalls<E> extends AbstractQueue<E> {

    private final Queue<E> queue;
    private final Predicate<E> offer;
    private final Supplier<E> poll;

    private RelaxedCalls(Queue<E> queue, Predicate<E> offer, Supplier<E> poll) {
        this.queue = queue;
        this.offer = offer;
        this.poll = poll;
    }

    static <E> Queue<E> of(ConcurrentQueue<E> queue) {
        return new RelaxedCalls<>(queue, queue::relaxedOffer, queue::relaxedPoll);
    }

    /** JCTools' relaxed calls, the same shape of call on the peer. */
    static <E> Queue<E> of(MpmcArrayQueue<E> queue) {
        return new RelaxedCalls<>(queue, queue::relaxedOffer, queue::relaxedPoll);
    }

    @Override
    public boolean offer(E e) {
        return offer.test(e);
    }

    @Override
    public E poll() {
        return poll.get();
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
        return queue.iterator();
    }
}
