package io.freelock.consensus.engine;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.consensus.CommitListener;
import io.freelock.consensus.Registration;
import io.freelock.consensus.StateHash;

/**
 * What an engine remembers behind its current head: it hands every commit to the listeners exactly once and in
 * version order, and it keeps the recent heads in a ring so that {@link #find} can name a recent state by its hash.
 *
 * <p><b>Delivery.</b> A committing thread installs its head (which links back to the head it replaced) and then
 * calls {@link #deliver}. Whoever wins the {@code delivering} flag walks the chain from the current head back to the
 * last delivered version, and, oldest first, records each head in the ring and calls the listeners for each commit;
 * then it cuts the chain behind the head it started from. A thread that finds the flag taken leaves at once: the
 * holder re-reads the head after releasing the flag and goes round again if anything new arrived, so no commit is
 * left behind (a Dekker-style handshake on two volatile variables: the head and the flag). No thread ever waits
 * for another; a listener that is slow delays later deliveries, never commits.
 */
final class History {

    private final RecentRing<Head> ring;
    private final CopyOnWriteRegistry<CommitListener<Object, Object>> listeners = new CopyOnWriteRegistry<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final LongAdder listenerFailures = new LongAdder();
    /** Sees every commit first, in version order, before the listeners: the journal writer, or nobody. */
    private final Consumer<Head> journalTap;
    /** Told, after each batch of heads is recorded, that the state may have moved: the proposal sweep. */
    private final Runnable moved;
    /**
     * The newest head recorded in the ring (and, if a commit, delivered). Heads are installed one after another,
     * each linking to the one it replaced, so the chain from any later head leads back to this one. Written only
     * by the flag holder; volatile so that the re-check in {@link #deliver} sees the holder's progress.
     */
    private volatile Head lastRecorded;

    History(Head initial, int retained, Consumer<Head> journalTap, Runnable moved) {
        this.journalTap = journalTap;
        this.moved = moved;
        ring = new RecentRing<>(retained);
        ring.add(initial);
        lastRecorded = initial;
    }

    Registration addListener(CommitListener<Object, Object> listener) {
        return listeners.add(listener);
    }

    long listenerFailures() {
        return listenerFailures.sum();
    }

    /** Records and delivers every installed head not yet recorded, unless another thread is at it (it takes ours). */
    void deliver(Supplier<Head> currentHead) {
        for (;;) {
            // volatile CAS: one deliverer at a time; winning it also makes the previous holder's writes visible
            if (!delivering.compareAndSet(false, true)) {
                return;
            }
            try {
                recordUpTo(currentHead.get());
            } finally {
                // volatile store, not release: it must not be reordered with the head read below (StoreLoad), or a
                // head installed while we held the flag could be missed both by us and by its installer
                delivering.set(false);
            }
            if (currentHead.get() == lastRecorded) {
                return;
            }
        }
    }

    private void recordUpTo(Head top) {
        Head done = lastRecorded;
        if (top == done) {
            return;
        }
        ArrayDeque<Head> oldestFirst = new ArrayDeque<>();
        for (Head h = top; h != null && h != done; h = h.previous()) {
            oldestFirst.addFirst(h);
        }
        for (Head h : oldestFirst) {
            ring.add(h);
            if (h.commit != null) {
                tap(h);
                listeners.forEach(listener -> notify(listener, h));
            }
        }
        lastRecorded = top;
        top.cutBehind(); // after the ring writes: a reader who finds the chain cut finds them in the ring
        moved.run();
    }

    private void tap(Head head) {
        if (journalTap == null) {
            return;
        }
        try {
            journalTap.accept(head);
        } catch (RuntimeException | LinkageError e) {
            // the writer finds the version missing and marks the journal broken; delivery must go on regardless
            listenerFailures.increment();
        }
    }

    private void notify(CommitListener<Object, Object> listener, Head head) {
        try {
            listener.committed(head.commit);
        } catch (RuntimeException | LinkageError e) {
            listenerFailures.increment(); // the commit stands; a listener's failure is its own
        }
    }

    /**
     * @return the newest head with that hash played by {@code current}'s rules, from the undelivered chain or the
     *         ring; null if none is held
     */
    Head find(Head current, StateHash hash) {
        for (Head h = current; h != null; h = h.previous()) {
            if (h.hash().equals(hash) && h.binding == current.binding) {
                return h;
            }
        }
        for (Head h : ring.newestFirst()) {
            if (h.hash().equals(hash) && h.binding == current.binding) {
                return h;
            }
        }
        return null;
    }
}
