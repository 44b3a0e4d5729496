package io.freelock.queue;

import java.util.Objects;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A non-blocking {@link Queue} for passing elements between threads.
 *
 * <p>No operation blocks on a lock or waits for an element or for room: {@code offer} returns {@code false} on
 * a full bounded queue, {@code poll} returns {@code null} on an empty one, and either answer means the queue
 * was full or empty at some instant during the call. {@code offer}, {@code poll}, {@code peek} and
 * {@code isEmpty} are linearizable as the {@link Queue} operations they are. To keep those answers true, an
 * implementation may spin (then yield) for the few instructions another thread needs to
 * finish with a slot it has claimed, as the bounded multi-producer multi-consumer ring does (see its
 * documentation): so a thread preempted inside such a window can briefly hold up others that reach the same
 * slot. Null elements are refused with a {@link NullPointerException}. {@code size()} is exact when the queue
 * is quiescent and otherwise an estimate within {@code [0, capacity()]} (the rings' size is linearizable too
 * while no removal from the middle is under way;
 * the linked queues count by walking, as {@link java.util.concurrent.ConcurrentLinkedQueue} does); iterators
 * are weakly consistent: they never throw {@link java.util.ConcurrentModificationException} and see every
 * element present for the whole iteration. Which threads may call which methods depends on the spec the
 * queue was created for ({@link QueueSpec#producers()}, {@link QueueSpec#consumers()}). On a queue with a single
 * consumer, removal from anywhere ({@code remove(Object)}, {@code removeIf}, {@code removeAll}, {@code retainAll},
 * {@link java.util.Iterator#remove}) is a consumer's operation: only the consumer thread may call it.
 *
 * <p>A queue is a channel between threads, not a value: {@code equals} and {@code hashCode} are
 * {@link Object}'s identity, as in {@link java.util.concurrent.ConcurrentLinkedQueue}, and queues are not
 * {@link java.io.Serializable} (writing one to an {@link java.io.ObjectOutputStream} throws
 * {@link java.io.NotSerializableException}).
 *
 * @param <E> the element type
 */
@ProviderType
public interface ConcurrentQueue<E> extends Queue<E> {

    /** What {@link #capacity()} returns for a queue without bound. */
    int UNBOUNDED_CAPACITY = -1;

    /**
     * @return the most elements this queue holds at once (for a ring, the requested capacity rounded up
     *         to a power of two), or {@link #UNBOUNDED_CAPACITY}
     */
    int capacity();

    /**
     * Removes up to {@code limit} elements and hands each to {@code consumer}, in queue order. Called by a
     * consumer thread. An element handed to the consumer counts as delivered even if the consumer throws;
     * the exception propagates and the rest stay queued. An implementation that removes several elements in
     * one atomic step (a ring claiming a range of positions with one compare-and-set) cannot put back what it
     * removed: it hands the consumer the rest of those elements before the exception propagates, and its
     * documentation says how many that can be. This default polls one element at a time; a queue with a
     * cheaper batch path overrides it.
     *
     * @return how many elements were handed over; 0 when the queue was empty
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws NullPointerException if {@code consumer} is null
     */
    default int drain(Consumer<? super E> consumer, int limit) {
        Objects.requireNonNull(consumer, "null consumer");
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is negative");
        }
        int drained = 0;
        for (E e; drained < limit && (e = poll()) != null; ) {
            drained++; // before accept: a throwing consumer still received this element
            consumer.accept(e);
        }
        return drained;
    }

    /**
     * Adds up to {@code limit} elements taken from {@code supplier}. Called by a producer thread. The
     * supplier is called only for an element the queue has room for, so no supplied element is dropped.
     *
     * @return how many elements were added; fewer than {@code limit} when the queue filled up
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws NullPointerException if {@code supplier} is null or supplies null; the elements added
     *         before stay queued
     */
    int fill(Supplier<? extends E> supplier, int limit);

    /**
     * Adds {@code e} if there is room that can be taken at once, for a producer that retries a refused offer anyway
     * (in a loop, or on its next tick). It differs from {@link #offer} only in what a {@code false} means: besides
     * a full queue (or one closed to producers), it may mean that the room this call would take is still being
     * released by a consumer that has taken the element before it, which {@code offer} waits for so that its
     * {@code false} always means full. A queue saves that check of the consumers' progress, a read of a cache line
     * the consumers write. This default is {@link #offer}.
     *
     * @return whether {@code e} was added
     * @throws NullPointerException if {@code e} is null
     * @since 1.5
     */
    default boolean relaxedOffer(E e) {
        return offer(e);
    }

    /**
     * Takes the head element if one can be taken at once, for a consumer that polls again anyway. It differs from
     * {@link #poll} only in what a {@code null} means: besides an empty queue, it may mean that the head element's
     * producer has claimed its place but not yet finished writing it, which {@code poll} waits for so that its
     * {@code null} always means empty. A queue saves that check of the producers' progress, a read of a cache line
     * the producers write. This default is {@link #poll}.
     *
     * @return the head element, or {@code null}
     * @since 1.5
     */
    default E relaxedPoll() {
        return poll();
    }

    /**
     * {@link #fill} for a producer that calls again anyway: as {@link #relaxedOffer} is to {@code offer}, it may add
     * fewer than {@code limit} elements while the queue has room, where the room it would take next is still being
     * released by a consumer that has taken the element before it. {@code fill} waits for that consumer, so that a
     * short count always means a full (or closed) queue. Everything else is as {@code fill}: the supplier is called
     * only for room the call has taken, and the elements added before a failing supplier stay queued. This default
     * is {@link #fill}.
     *
     * @return how many elements were added, at most {@code limit}
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws NullPointerException if {@code supplier} is null or supplies null; the elements added before stay
     *         queued
     * @since 1.6
     */
    default int relaxedFill(Supplier<? extends E> supplier, int limit) {
        return fill(supplier, limit);
    }

    /**
     * {@link #drain} for a consumer that calls again anyway: as {@link #relaxedPoll} is to {@code poll}, it may return
     * 0 while the queue is not empty, where the head element's producer has claimed its place but not yet finished
     * writing it. {@code drain} waits for that producer, so that its 0 always means an empty queue. Everything else
     * is as {@code drain}. This default is {@link #drain}.
     *
     * @return how many elements were handed over
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws NullPointerException if {@code consumer} is null
     * @since 1.6
     */
    default int relaxedDrain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit);
    }
}
