package io.freelock.consensus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

import io.freelock.consensus.Commit;
import io.freelock.consensus.CommitListener;

/**
 * One commit listener's hand-over: a bounded single-producer, single-consumer ring of commits, drained by a task on
 * an executor, so that the listener runs on a thread of its own and never on the thread that committed.
 *
 * <p>The producer is the engine's deliverer (one thread at a time: the delivering flag of {@link History} hands
 * the role, and with it the plain producer state, from one thread to the next). It offers each commit once, in
 * version order; if the ring is full, the listener is {@code capacity} commits behind and is detached instead,
 * so a listener can hold at most {@code capacity} commits in memory whatever it does. The consumer is the drain
 * task, of which at most one runs at a time (the {@code scheduled} flag), so the listener gets each commit exactly
 * once and in order, until it is detached.
 *
 * <p>The wake-up is a Dekker handshake on two volatile variables: the producer writes {@code produced}, then reads
 * {@code scheduled}; the drainer writes {@code scheduled = false}, then reads {@code produced}. At least one sees the
 * other's write, so a commit is never left in the ring with no drain task coming for it.
 */
final class ListenerFeed implements Runnable {

    private static final VarHandle SCHEDULED;
    private static final VarHandle DETACHED;

    static {
        try {
            SCHEDULED = MethodHandles.lookup().findVarHandle(ListenerFeed.class, "scheduled", boolean.class);
            DETACHED = MethodHandles.lookup().findVarHandle(ListenerFeed.class, "detached", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CommitListener<Object, Object> listener;
    private final Executor executor;
    /** Told once, by the thread that detached the feed, why (and whether it was the owner, with a null reason). */
    private final BiConsumer<ListenerFeed, String> onDetach;
    /** Told of each exception the listener throws. */
    private final Runnable onFailure;
    /** The commits handed over and not yet taken; a slot is written by the producer, read and cleared by the drainer. */
    private final AtomicReferenceArray<Commit<Object, Object>> slots;
    private final int mask;
    /** Commits handed over; written by the producer only, volatile: it publishes the slot and starts the handshake. */
    private volatile long produced;
    /** Commits taken by the drainer; written by the drainer only, volatile: the producer sees the freed slots. */
    private volatile long consumed;
    /** Whether a drain task is submitted or running; CAS false to true by the producer, set false by the drainer. */
    @SuppressWarnings("unused")
    private volatile boolean scheduled;
    /** Null while attached, then why it was detached; set once by CAS. Volatile: the drainer stops at the next commit. */
    private volatile String detached;

    /**
     * @param capacity how many commits the listener may fall behind before it is detached (rounded up to a power of
     *        two)
     */
    ListenerFeed(CommitListener<Object, Object> listener, int capacity, Executor executor,
            BiConsumer<ListenerFeed, String> onDetach, Runnable onFailure) {
        this.listener = listener;
        this.executor = executor;
        this.onDetach = onDetach;
        this.onFailure = onFailure;
        if (capacity < 1 || capacity > 1 << 20) {
            throw new IllegalArgumentException("listener backlog " + capacity + " is outside 1.." + (1 << 20));
        }
        int size = 1;
        while (size < capacity) {
            size <<= 1;
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    int capacity() {
        return mask + 1;
    }

    /** @return commits handed over and not yet taken by the drainer: at most {@link #capacity()} */
    int backlog() {
        return (int) (produced - consumed);
    }

    /** The producer's half: hands over one commit, or detaches the listener if it is too far behind. */
    void offer(Commit<Object, Object> commit) {
        if (detached != null) {
            return;
        }
        long p = produced;
        if (p - consumed > mask) { // volatile read of consumed: the slots the drainer freed are free
            detach("fell " + capacity() + " commits behind at version " + commit.after().version());
            return;
        }
        slots.lazySet((int) (p & mask), commit); // ordered before the volatile write of produced, which publishes it
        produced = p + 1; // volatile write; then the volatile read of scheduled below (StoreLoad, see class doc)
        if (!scheduled && SCHEDULED.compareAndSet(this, false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            scheduled = false;
            detach("the engine stopped delivering: it is closed");
        }
    }

    /** The drainer's loop: delivers what was handed over, then goes idle unless more came meanwhile. */
    @Override
    public void run() {
        for (;;) {
            long c = consumed;
            while (detached == null && c != produced) { // volatile read of produced: pairs with offer's write
                int at = (int) (c & mask);
                Commit<Object, Object> commit = slots.get(at);
                slots.lazySet(at, null); // cleared before the volatile write of consumed hands the slot back
                consumed = ++c;
                deliver(commit);
            }
            if (detached != null) {
                clear(c);
            }
            scheduled = false; // volatile write; then the volatile read of produced below (StoreLoad, see class doc)
            if (detached != null || produced == consumed || !SCHEDULED.compareAndSet(this, false, true)) {
                return;
            }
        }
    }

    private void deliver(Commit<Object, Object> commit) {
        try {
            listener.committed(commit);
        } catch (RuntimeException | LinkageError e) {
            onFailure.run(); // the commit stands; a listener's failure is its own
        }
    }

    /** Drops what a detached feed still holds, so that a listener that returns at last frees it. */
    private void clear(long from) {
        long end = produced;
        for (long c = from; c != end; c++) {
            slots.lazySet((int) (c & mask), null);
        }
        consumed = end;
    }

    /**
     * Stops delivery: no commit is handed over after this, and the drainer stops before its next commit (one it is
     * delivering finishes).
     *
     * @param reason why, for the log; null when the listener's owner removed it
     */
    void detach(String reason) {
        // volatile CAS: the owner's close and the producer's detach may race; exactly one of them reports it
        if (DETACHED.compareAndSet(this, (String) null, reason == null ? "" : reason)) {
            onDetach.accept(this, reason);
        }
    }
}
