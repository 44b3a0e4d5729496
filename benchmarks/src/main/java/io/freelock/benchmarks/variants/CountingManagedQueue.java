package io.freelock.benchmarks.variants;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;

/**
 * "Before" of issue 12: the managed queue's hot path as it was at commit 357a518, before the rewrite that took the
 * atomics out of it, over a bare driver queue, so that the old manager, the new one and the bare queue can be
 * measured in one run. Only what ran on every call is kept, copied from the old {@code HotSwapQueue} and
 * {@code Stage}:
 * <ul>
 * <li>{@code offer} and {@code fill}: a volatile read of {@code tail}; the stage's producer count incremented
 * ({@code incrementAndGet} on a per-stage {@link AtomicLongArray}, a locked RMW), a volatile read of the stage's
 * {@code next}, a volatile read of its {@code queue}, the driver's call, the count decremented; the meter read
 * (a volatile field holding a no-op meter, as in a queue with no metrics registry);</li>
 * <li>{@code poll} and {@code peek} (the old {@code take}): a volatile read of {@code head}; the consumer count
 * incremented, a volatile read of {@code sealed}, a volatile read of {@code queue}, the driver's call, the gap
 * bookkeeping ({@code closeGap}: a read of the gap start, on every element taken and on every empty answer), the
 * meter, a volatile read of {@code next} when empty, the count decremented;</li>
 * <li>{@code drain}: not overridden, as it was not then: {@code ConcurrentQueue}'s default, one {@code poll} per
 * element, each with its own enter and exit.</li>
 * </ul>
 * Left out, because a benchmark never swaps: the swap, the evacuation, the consumer's move to a next stage, the
 * stats. The stage is never retired or sealed, so every branch that would go there is not taken, as in the old
 * manager on a queue that is not being swapped. The in-flight counts sit 16 slots apart in one array, as they did.
 *
 * @param <E> the element type
 */
public final class CountingManagedQueue<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {

    /** The old {@code QueueMeter}: a no-op until a metrics registry is live, read on every call. */
    interface Meter {
        Meter NONE = new Meter() {
            @Override
            public void offered(long elements) {
            }

            @Override
            public void polled() {
            }
        };

        void offered(long elements);

        void polled();
    }

    /** The old {@code Stage}, without the evacuation's state that the hot path did not read. */
    static final class Stage<E> {
        private static final int PRODUCERS = 8;
        private static final int CONSUMERS = 24;

        volatile ConcurrentQueue<E> queue;
        volatile Stage<E> next; // never set here: the stage is never retired
        volatile boolean sealed; // never set here: nothing is evacuated
        private final AtomicLongArray counts = new AtomicLongArray(CONSUMERS + 8);

        Stage(ConcurrentQueue<E> queue) {
            this.queue = queue;
        }

        boolean enterProducer() {
            counts.incrementAndGet(PRODUCERS);
            if (next == null) {
                return true;
            }
            counts.decrementAndGet(PRODUCERS);
            return false;
        }

        void exitProducer() {
            counts.decrementAndGet(PRODUCERS);
        }

        boolean enterConsumer() {
            counts.incrementAndGet(CONSUMERS);
            if (!sealed) {
                return true;
            }
            counts.decrementAndGet(CONSUMERS);
            return false;
        }

        void exitConsumer() {
            counts.decrementAndGet(CONSUMERS);
        }
    }

    private volatile Stage<E> head;
    private volatile Stage<E> tail;
    private final AtomicLong gapStart = new AtomicLong();
    private final AtomicLong longestGap = new AtomicLong();
    private volatile Meter meter = Meter.NONE;

    public CountingManagedQueue(ConcurrentQueue<E> queue) {
        Stage<E> first = new Stage<>(queue);
        this.head = first;
        this.tail = first;
    }

    // ---- producers, as in 357a518 ----

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        for (;;) {
            Stage<E> stage = tail;
            if (stage.enterProducer()) {
                boolean accepted;
                try {
                    accepted = stage.queue.offer(e);
                } finally {
                    stage.exitProducer();
                }
                if (accepted) {
                    meter.offered(1);
                }
                return accepted;
            }
        }
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "null supplier");
        for (;;) {
            Stage<E> stage = tail;
            if (stage.enterProducer()) {
                int added;
                try {
                    added = stage.queue.fill(supplier, limit);
                } finally {
                    stage.exitProducer();
                }
                meter.offered(added);
                return added;
            }
        }
    }

    // ---- consumers, as in 357a518 (the move to a next stage left out: there is none) ----

    @Override
    public E poll() {
        return take(true);
    }

    @Override
    public E peek() {
        return take(false);
    }

    private E take(boolean remove) {
        for (;;) {
            Stage<E> stage = head;
            if (!stage.enterConsumer()) {
                return null; // sealed: never here
            }
            try {
                E e = remove ? stage.queue.poll() : stage.queue.peek();
                if (e != null) {
                    closeGap();
                    if (remove) {
                        meter.polled();
                    }
                    return e;
                }
                if (stage.next == null) {
                    closeGap();
                    return null;
                }
                throw new IllegalStateException("an experiment: never swapped, so never retired");
            } finally {
                stage.exitConsumer();
            }
        }
    }

    private void closeGap() {
        long start = gapStart.get();
        if (start != 0 && gapStart.compareAndSet(start, 0)) {
            longestGap.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    // ---- the rest, off the hot path ----

    @Override
    public int capacity() {
        return tail.queue.capacity();
    }

    @Override
    public int size() {
        return head.queue.size();
    }

    @Override
    public boolean isEmpty() {
        return head.queue.isEmpty();
    }

    @Override
    public Iterator<E> iterator() {
        return head.queue.iterator();
    }
}
