package io.freelock.queue.manager;

import java.util.concurrent.atomic.AtomicLongArray;

import io.freelock.queue.ConcurrentQueue;

/**
 * One implementation a managed queue has used: the queue a driver made, and who is inside it. Stages
 * form a chain from the oldest one consumers still drain to the newest one producers fill; a stage is
 * retired when its {@link #next} is set, and finished once it is retired, no producer is inside it and it
 * is empty. Producers and consumers announce themselves with an in-flight count before they touch the
 * queue, so that a swap knows when nobody can still add to a retired stage, and an evacuation knows when
 * it alone may empty one.
 *
 * @param <E> the element type
 */
final class Stage<E> {

    /** The queue holding this stage's elements; replaced by a manager-owned copy when evacuated. */
    volatile ConcurrentQueue<E> queue;
    /** The driver's name, for operators. */
    final String driver;
    /** The driver's service id, or -1 for the manager's own fallback: what a departing driver is matched by. */
    final long driverId;
    /** The next stage; null while this one is the newest. Set once, by a swap, under the manager's lock. */
    volatile Stage<E> next;
    /** Set while an evacuation takes the queue over from its consumers: they stay out, briefly. */
    volatile boolean sealed;
    /** Set while an evacuation is still copying into {@link #queue}: consumers may take, not finish the stage. */
    volatile boolean filling;
    /** Whether the queue is the manager's own (never made by a driver, so never to be evacuated). */
    volatile boolean owned;

    // Two counts, not one: a swap waits only for producers, an evacuation for both. Their increments and
    // reads are sequentially consistent, which the two Dekker-style handshakes below need. They live in one
    // array 16 slots (128 bytes) apart and 8 slots from either end, so that producers and consumers, who
    // bump them on every call, never share a cache line (or an adjacent-line prefetch pair).
    private static final int PRODUCERS = 8;
    private static final int CONSUMERS = 24;
    private final AtomicLongArray counts = new AtomicLongArray(CONSUMERS + 8);

    Stage(ConcurrentQueue<E> queue, String driver, long driverId, boolean owned) {
        this.queue = queue;
        this.driver = driver;
        this.driverId = driverId;
        this.owned = owned;
    }

    /**
     * Enters as a producer unless the stage is retired. Handshake with the consumer that finishes the stage:
     * we count ourselves in, then read {@code next}; it reads {@code next}, then our count. In the single
     * order of these volatile accesses, either it sees us inside, or we see the stage retired and leave.
     *
     * @return whether the caller may offer to {@link #queue}; if so it must call {@link #exitProducer()}
     */
    boolean enterProducer() {
        counts.incrementAndGet(PRODUCERS);
        if (next == null) {
            return true;
        }
        counts.decrementAndGet(PRODUCERS);
        return false;
    }

    void exitProducer() {
        counts.decrementAndGet(PRODUCERS); // volatile: our offer happens-before whoever reads the count as 0
    }

    /**
     * Enters as a consumer unless the stage is sealed. Same handshake as producers have with the
     * finisher, here with the evacuator: it sets {@link #sealed}, then waits for our count to be 0.
     *
     * @return whether the caller may take from {@link #queue}; if so it must call {@link #exitConsumer()}
     */
    boolean enterConsumer() {
        counts.incrementAndGet(CONSUMERS);
        if (!sealed) {
            return true;
        }
        counts.decrementAndGet(CONSUMERS);
        return false;
    }

    void exitConsumer() {
        counts.decrementAndGet(CONSUMERS); // volatile: our polls happen-before the evacuator's
    }

    /**
     * Consumers only, inside {@link #enterConsumer()}. Reads {@code next} before the producer count (see
     * {@link #enterProducer()}), and the count and {@link #filling} before the queue, so that the last
     * producer's offer and the evacuation's last copy are visible to the emptiness check.
     */
    boolean finished() {
        return next != null && counts.get(PRODUCERS) == 0 && !filling && queue.isEmpty();
    }

    /** @return whether no producer and no consumer is inside; only meaningful once both are kept out */
    boolean quiet() {
        return counts.get(PRODUCERS) == 0 && counts.get(CONSUMERS) == 0;
    }

    @Override
    public String toString() {
        return driver + (filling ? " (evacuating)" : "") + (next != null ? " (retired)" : "");
    }
}
