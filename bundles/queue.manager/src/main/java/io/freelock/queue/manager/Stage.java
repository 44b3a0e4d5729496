package io.freelock.queue.manager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;

/**
 * One implementation a managed queue has used: the queue a driver made, and how its producers are known to
 * have left it. Stages form a chain from the oldest one consumers still drain ({@link HotSwapQueue#head}) to
 * the newest one producers add to ({@link HotSwapQueue#tail}). A stage is retired when its {@link #next} is
 * set, and finished once it is retired, no producer can still add to it, and it is empty: only then may
 * consumers move past it, so everything a producer added before a swap is taken before what it added after.
 *
 * <p>Consumers need nothing from a stage but its queue: they always take from the oldest unfinished stage, so
 * no two stages are ever drained at once. Producers are the hard part, because a producer that read the old
 * tail just before a swap may still add to the retired stage. How the last of them is known to be gone is the
 * stage's {@link Exit}, chosen when the stage is made; none of them costs the hot path an atomic instruction,
 * but {@link Exit#COUNTED}, the fallback for a foreign multi-producer driver.
 *
 * @param <E> the element type
 */
final class Stage<E> {

    /** How the producers of a retired stage are known to have left it. */
    enum Exit {
        /**
         * Single-producer spec: the one producer keeps the stage it uses in a plain field of the managed queue;
         * when it finds a newer tail it marks every stage it leaves with a release store ({@link #producerLeft}).
         * Nothing on the hot path but a comparison.
         */
        SOLE,
        /**
         * Multi-producer spec on a {@link ClosableQueue}: the swap closes the queue to producers through the
         * claim they already make, so after {@code closeProducers()} returns no offer can add to it.
         */
        CLOSED,
        /**
         * Multi-producer spec on a queue that cannot be closed: each producer counts itself in and out, and the
         * stage is left when the count is 0 after it was retired. Two atomic increments a call.
         */
        COUNTED
    }

    private static final VarHandle PRODUCER_LEFT;
    private static final VarHandle LIMITED;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_LEFT = lookup.findVarHandle(Stage.class, "producerLeft", boolean.class);
            LIMITED = lookup.findVarHandle(Stage.class, "limited", boolean.class);
            DROPPED = lookup.findVarHandle(Stage.class, "dropped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The queue holding this stage's elements, from its driver (or the manager's fallback). */
    final ConcurrentQueue<E> queue;
    /** Whether the queue counts its own traffic ({@link CountingQueue}), so the manager need not count calls. */
    final boolean counted;
    /** The driver's name, for operators. */
    final String driver;
    /** The driver's service id, or -1 for the manager's own fallback: what a departing driver is matched by. */
    final long driverId;
    /** How its producers are known to have left; see {@link Exit}. */
    final Exit exit;
    /** The queue's capacity, read once: {@link ConcurrentQueue#UNBOUNDED_CAPACITY} or a bound. */
    final int capacity;
    /** Whether the queue takes several consumer threads at once: what a wider spec must wait for. */
    final boolean multiConsumer;
    /**
     * The next stage; null while this one is the newest. Set by a swap, under the manager's lock, and after that
     * only moved past a finished stage (see HotSwapQueue.dropFinished), so it always leads to the same elements.
     */
    volatile Stage<E> next;
    /** {@link Exit#SOLE}: set (release) by the producer once it will never add to this stage again. */
    private boolean producerLeft;
    /**
     * Whether an older stage may still hold elements, so that this stage must take only what leaves the whole
     * queue within {@link #capacity}. Set before the stage is published, cleared (release) once it is the head.
     * Producers read it opaquely on their fast path: a stale true only sends them the slow, exact way.
     */
    private boolean limited;
    /** While {@link #limited}: the elements producers have been let add to this stage. */
    final AtomicLong admitted = new AtomicLong();
    /** {@link Exit#COUNTED}: producers inside, or null. Only foreign drivers' stages have one, so it is not padded. */
    private final AtomicLong producers;
    /**
     * Set once, by whoever first takes this finished stage out of the chain and adds its counts to the queue's
     * (a consumer moving the head past it, or the manager linking past it: both can happen to one stage).
     */
    private boolean dropped;
    /** Elements this stage held when it was retired: what the swap carried over, for the queue's stats. */
    long heldAtRetirement;

    Stage(ConcurrentQueue<E> queue, String driver, long driverId, Exit exit, boolean multiConsumer, boolean limited) {
        this.queue = queue;
        this.counted = queue instanceof CountingQueue;
        this.driver = driver;
        this.driverId = driverId;
        this.exit = exit;
        this.capacity = queue.capacity();
        this.multiConsumer = multiConsumer;
        this.limited = limited && capacity != ConcurrentQueue.UNBOUNDED_CAPACITY;
        this.producers = exit == Exit.COUNTED ? new AtomicLong() : null;
    }

    /** @return how a stage for a spec with these producers on {@code queue} learns that its producers left */
    static Exit exitFor(boolean singleProducer, ConcurrentQueue<?> queue) {
        if (singleProducer) {
            return Exit.SOLE;
        }
        return queue instanceof ClosableQueue ? Exit.CLOSED : Exit.COUNTED;
    }

    // ---- producers ----

    /** @return whether producers must take the exact, capacity-checking way (see {@link #limited}) */
    boolean limited() {
        return (boolean) LIMITED.getOpaque(this); // opaque: a hint; the slow path re-checks what it needs
    }

    /** The head reached this stage: no older stage holds anything, producers may go the fast way again. */
    void unlimit() {
        LIMITED.setRelease(this, false); // release: after the head moved here, which made older stages final
    }

    /** {@link Exit#SOLE}: the producer will never add to this stage again. */
    void leave() {
        // release: pairs with the acquire in producersGone(), so every offer the producer made here is visible to
        // the consumer that then finds the stage empty
        PRODUCER_LEFT.setRelease(this, true);
    }

    /**
     * {@link Exit#COUNTED}: enters as a producer unless the stage is retired. Handshake with {@link #finished()}:
     * we count ourselves in, then read {@code next}; it reads {@code next}, then our count. In the single order
     * of these volatile accesses, either it sees us inside, or we see the stage retired and leave.
     *
     * @return whether the caller may add to {@link #queue}; if so it must call {@link #exitProducer()}
     */
    boolean enterProducer() {
        producers.incrementAndGet();
        if (next == null) {
            return true;
        }
        producers.decrementAndGet();
        return false;
    }

    void exitProducer() {
        producers.decrementAndGet(); // volatile: our offer happens-before whoever reads the count as 0
    }

    // ---- the manager, under its lock ----

    /** Retires this stage in favour of {@code successor}, which is published as the tail right after. */
    void link(Stage<E> successor) {
        heldAtRetirement = queue.size();
        next = successor; // volatile: a retired stage always leads to its successor before anyone can see it
    }

    /** After {@link #link}: shuts producers out of a closable queue, for good; idempotent, from any thread. */
    void close() {
        if (exit == Exit.CLOSED) {
            ((ClosableQueue<E>) queue).closeProducers();
        }
    }

    // ---- consumers (and the slow paths of producers) ----

    /**
     * @return whether this stage is retired, no producer can add to it, and it is empty: the moment consumers
     *         may move past it. Reads how producers left before the queue, so their last elements are seen.
     */
    boolean finished() {
        return producersGone() && queue.isEmpty();
    }

    /** @return whether this stage is retired and no producer can add to it any more */
    boolean producersGone() {
        return next != null && switch (exit) {
            case SOLE -> (boolean) PRODUCER_LEFT.getAcquire(this); // acquire: pairs with leave()
            // Retired: closes it if the manager has not yet (idempotent, any thread may), so that whoever finds a
            // retired stage empty, or reserves room against its size, never waits for the manager's next line.
            case CLOSED -> {
                close();
                yield true;
            }
            case COUNTED -> producers.get() == 0; // volatile, after next: see enterProducer()
        };
    }

    /** @return whether the caller is the first to drop this stage, and so adds its counts to the queue's */
    boolean markDropped() {
        return DROPPED.compareAndSet(this, false, true); // volatile CAS: one dropper; pairs with countsDropped()
    }

    /** @return whether this stage's counts are already among the queue's dropped ones */
    boolean countsDropped() {
        // acquire: a reader that saw the counts added (volatile, after the CAS in markDropped) sees the flag too
        return (boolean) DROPPED.getAcquire(this);
    }

    /** @return the elements this stage's queue has accepted; only for a {@link #counted} stage */
    long addedCount() {
        return ((CountingQueue<E>) queue).addedCount();
    }

    /** @return the elements taken from this stage's queue; only for a {@link #counted} stage */
    long removedCount() {
        return ((CountingQueue<E>) queue).removedCount();
    }

    @Override
    public String toString() {
        return driver + (next == null ? "" : producersGone() ? " (retired)" : " (retired, producers finishing)");
    }
}
