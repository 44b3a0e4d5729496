package io.freelock.queue.manager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;

/**
 * A managed queue: a chain of {@link Stage}s, each the queue one driver made. Producers add to the newest
 * stage ({@link #tail}); consumers take from the oldest one not yet finished ({@link #head}) and move on
 * only when it is retired, empty and no producer is still inside it. So every element a producer added
 * before a swap is taken before any it added after: no loss, no duplicate, each producer's order kept,
 * and a producer never waits: a swap only points new offers elsewhere.
 *
 * <p>The swap and the evacuation are called by the manager under its lock; offer, poll and the rest are
 * lock-free apart from what the stage's own queue does.
 *
 * @param <E> the element type
 */
final class HotSwapQueue<E> extends AbstractQueue<E> implements ManagedQueue<E> {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(HotSwapQueue.class, "head", Stage.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    /** What the queue was opened with; changed only by the manager, under its lock. */
    private volatile QueueSpec spec;
    /** The oldest stage consumers may still find elements in; moved forward by CAS. */
    private volatile Stage<E> head;
    /** The stage producers add to; replaced by a swap. */
    private volatile Stage<E> tail;

    private volatile long swaps;      // written under the manager's lock
    private volatile long migrated;   // written under the manager's lock
    /** When a consumer first found nothing because an older stage held it up; 0 when no gap is open. */
    private final AtomicLong gapStart = new AtomicLong();
    private final AtomicLong longestGap = new AtomicLong();
    /** Where traffic is counted: nowhere until a metrics registry is live (see QueueMetrics). */
    private volatile QueueMeter meter = QueueMeter.NONE;

    HotSwapQueue(String name, QueueSpec spec, Stage<E> first) {
        this.name = name;
        this.spec = spec;
        this.head = first;
        this.tail = first;
    }

    // ---- producers ----

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
            // Retired between our read of tail and our entry: a swap has already installed the new tail
            // (it writes tail before next), so the next read finds it.
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

    // ---- consumers ----

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
                openGap(); // sealed while its queue is handed to an evacuation: back in a moment, in order
                return null;
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
                    closeGap(); // nothing older holds anything up: whatever gap there was is over
                    return null; // the newest stage, and empty: the queue is empty
                }
                if (!stage.finished()) {
                    openGap(); // a producer is still inside the retired stage, or an evacuation still copying
                    return null;
                }
                // Volatile CAS: consumers agree on one move past the finished stage; a loser finds the new
                // head on its next turn. Done inside the consumer section, so an evacuation cannot slip in.
                if (HEAD.compareAndSet(this, stage, stage.next)) {
                    closeGap();
                }
            } finally {
                stage.exitConsumer();
            }
        }
    }

    private void openGap() {
        gapStart.compareAndSet(0, System.nanoTime());
    }

    private void closeGap() {
        long start = gapStart.get();
        if (start != 0 && gapStart.compareAndSet(start, 0)) {
            longestGap.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    // ---- the manager's side, under its lock ----

    /** Points new offers at {@code next}; the current tail drains in place. */
    void swapTo(Stage<E> next) {
        Stage<E> retired = tail;
        tail = next;          // first: a producer that finds the old stage retired must find this one
        retired.next = next;  // then: producers that read the old tail before now leave it or are counted in it
        swaps++;
    }

    void meter(QueueMeter newMeter) {
        meter = newMeter;
    }

    void respecified(QueueSpec newSpec) {
        spec = newSpec;
    }

    /**
     * Moves the elements of every retired stage the departing driver made into queues of the manager's
     * own, in order, so that nothing is left in a bundle that is stopping. Producers are already kept out
     * (the stages are retired). Consumers are kept out only while the copy takes the old queue's place;
     * then they take from the copy while it fills, in the old queue's order, so the gap they see is short.
     *
     * @return the elements moved
     */
    long evacuate(long driverId) {
        long moved = 0;
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            if (stage.driverId != driverId || stage.owned || stage.next == null) {
                continue;
            }
            stage.sealed = true; // volatile: consumers entering from now on stay out (see Stage)
            awaitQuiet(stage);
            ConcurrentQueue<E> old = stage.queue;
            ConcurrentQueue<E> copy = new FallbackQueue<>(QueueSpec.Bound.UNBOUNDED, 0);
            stage.filling = true;  // before the copy is visible: an empty copy must not finish the stage
            stage.queue = copy;    // volatile: consumers let back in take from the copy
            stage.owned = true;
            stage.sealed = false;
            // We are the old queue's only consumer now: the count handshake ordered every earlier poll
            // of it before ours, and consumers only ever see the copy from here on.
            for (E e; (e = old.poll()) != null; ) {
                copy.offer(e);
                moved++;
            }
            stage.filling = false; // volatile: after the last copy, so finished() sees it
        }
        migrated += moved;
        return moved;
    }

    /**
     * Waits until no producer or consumer is inside: each is in the middle of one call on the stage's
     * queue, so this is short. Only the manager waits here, never a producer or consumer.
     */
    private static void awaitQuiet(Stage<?> stage) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stage.quiet()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("a thread stayed inside the queue of " + stage.driver
                        + " for more than 10 s; not evacuating it");
            }
            Thread.onSpinWait();
        }
    }

    /** @return the stages from head to tail, for the manager's bookkeeping */
    Stage<E> oldest() {
        return head;
    }

    Stage<E> newest() {
        return tail;
    }

    // ---- any thread ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public QueueSpec spec() {
        return spec;
    }

    @Override
    public String driver() {
        return tail.driver;
    }

    @Override
    public Stats stats() {
        return new Stats(swaps, migrated, longestGap.get());
    }

    @Override
    public int capacity() {
        return tail.queue.capacity();
    }

    /** The sum over the stages still in the chain; exact when nobody offers, polls or swaps. */
    @Override
    public int size() {
        long size = 0;
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            size += stage.queue.size();
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    @Override
    public boolean isEmpty() {
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            if (!stage.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Weakly consistent: each stage's own iterator in turn, oldest first. {@code remove()} is unsupported. */
    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private Stage<E> stage = head;
            private Iterator<E> current = stage.queue.iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    stage = stage.next;
                    if (stage == null) {
                        return false;
                    }
                    current = stage.queue.iterator();
                }
                return true;
            }

            @Override
            public E next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** @throws UnsupportedOperationException always: a managed queue removes only at its head */
    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException("a managed queue removes only at its head, by poll or drain");
    }
}
