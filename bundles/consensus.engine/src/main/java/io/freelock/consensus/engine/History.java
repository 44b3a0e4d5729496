package io.freelock.consensus.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import java.util.ArrayDeque;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freelock.consensus.CommitListener;
import io.freelock.consensus.Registration;
import io.freelock.consensus.StateHash;

/**
 * What an engine remembers behind its current head: it hands every commit to the journal and the listeners exactly
 * once and in version order, and it keeps the recent heads in a ring so that {@link #find} can name a recent state
 * by its hash.
 *
 * <p><b>Delivery.</b> A committing thread installs its head (which links back to the head it replaced) and then
 * calls {@link #deliver}. Whoever wins the {@code delivering} flag walks the chain from the current head back to the
 * last delivered version, and, oldest first, records each head in the ring, hands each commit to the journal tap
 * and to each listener's {@link ListenerFeed}; then it cuts the chain behind the head it started from and lets the
 * proposal sweep run. A thread that finds the flag taken leaves at once: the holder re-reads the head after
 * releasing the flag and goes round again if anything new arrived, so no commit is left behind (a Dekker-style
 * handshake on two volatile variables: the head and the flag). No thread ever waits for another.
 *
 * <p><b>Listeners never run here.</b> Each has a bounded hand-over drained on a thread of its own (from a pool that
 * grows by one thread per listener that is being delivered to, and shrinks when they are idle), so a slow or
 * blocked listener holds neither the commits, nor the journal, which is fed first on this path, nor memory beyond
 * its backlog: a listener that falls {@code backlog} commits behind is detached, with a logged reason, and counted.
 */
final class History {

    private static final VarHandle LAST_RECORDED;

    static {
        try {
            LAST_RECORDED = MethodHandles.lookup().findVarHandle(History.class, "lastRecorded", Head.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(History.class);

    private final String gameId;
    private final RecentRing<Head> ring;
    /** Each listener's hand-over; read once per delivered commit, changed on add and detach (copy on write). */
    private final CopyOnWriteRegistry<ListenerFeed> feeds = new CopyOnWriteRegistry<>();
    /** Runs the feeds' drain tasks: at most one thread per feed, none while nothing is being delivered. */
    private final ThreadPoolExecutor drainers;
    /** How many commits a listener may fall behind before it is detached. */
    private final int backlog;
    private final AtomicBoolean delivering = new AtomicBoolean();
    /** Exceptions thrown by listeners, and by the journal tap; striped: bumped by any drainer thread. */
    private final LongAdder listenerFailures = new LongAdder();
    /** Listeners detached for falling behind (not those their owners removed). */
    private final LongAdder listenersDetached = new LongAdder();
    /** Sees every commit first, in version order, before the listeners: the journal writer, or nobody. */
    private final Consumer<Head> journalTap;
    /** Told, after each batch of heads is recorded, that the state may have moved: the proposal sweep. */
    private final Runnable moved;
    /**
     * The newest head recorded in the ring (and, if a commit, delivered). Heads are installed one after another,
     * each linking to the one it replaced, so the chain from any later head leads back to this one. Written only
     * by the flag holder, read by the flag holder: winning the flag's CAS orders it after the previous holder's
     * write, so it needs no fence of its own; a release store only, for {@link #undelivered}'s acquire read.
     */
    private Head lastRecorded;

    /**
     * @param backlog how many commits a listener may fall behind before it is detached
     * @param journalTap sees every commit first, on the delivering path; null for none
     * @param moved told after each batch of heads is recorded
     */
    History(String gameId, Head initial, int retained, int backlog, Consumer<Head> journalTap, Runnable moved) {
        this.gameId = gameId;
        this.backlog = backlog;
        AtomicInteger threads = new AtomicInteger();
        this.drainers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "freelock-listeners-" + gameId + "-" + threads.incrementAndGet());
                    thread.setDaemon(true); // a listener blocked for good must not keep the JVM up
                    return thread;
                });
        this.journalTap = journalTap;
        this.moved = moved;
        ring = new RecentRing<>(retained);
        ring.addFromOneThread(initial);
        lastRecorded = initial; // plain: the engine is published with its history through the factory's map
    }

    /** @return a registration that detaches the listener: it gets no commit after that (one being delivered ends) */
    Registration addListener(CommitListener<Object, Object> listener) {
        ListenerFeed feed = new ListenerFeed(listener, backlog, drainers, this::detached, listenerFailures::increment);
        feeds.add(feed);
        return () -> feed.detach(null);
    }

    /** Called once per feed, by the thread that detached it. */
    private void detached(ListenerFeed feed, String reason) {
        feeds.remove(feed);
        if (reason != null) {
            listenersDetached.increment();
            LOG.warn("game '{}': commit listener {} was detached: it {}; it gets no"
                    + " more commits", gameId, feed.listener, reason);
        }
    }

    long listenerFailures() {
        return listenerFailures.sum();
    }

    long listenersDetached() {
        return listenersDetached.sum();
    }

    /** @return the attached listeners' largest backlog of commits handed over and not yet taken; for tests */
    int largestBacklog() {
        int[] largest = {0};
        feeds.forEach(feed -> largest[0] = Math.max(largest[0], feed.backlog()));
        return largest[0];
    }

    /** @return how many listeners are attached */
    int listeners() {
        int[] count = {0};
        feeds.forEach(feed -> count[0]++);
        return count[0];
    }

    /** @return installed heads from {@code current} back that are not yet recorded (the undelivered chain); for tests */
    int undelivered(Head current) {
        int count = 0;
        for (Head h = current, done = (Head) LAST_RECORDED.getAcquire(this); h != null && h != done;
                h = h.previous()) {
            count++;
        }
        return count;
    }

    /** Stops the drainer threads once they are idle; listeners with commits still to take are detached. */
    void close() {
        drainers.shutdown();
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
        if (top.previous() == done) {
            record(top); // one new head, the common case: no list to build
        } else {
            ArrayDeque<Head> oldestFirst = new ArrayDeque<>();
            for (Head h = top; h != null && h != done; h = h.previous()) {
                oldestFirst.addFirst(h);
            }
            oldestFirst.forEach(this::record);
        }
        LAST_RECORDED.setRelease(this, top); // release, not volatile: see the field
        top.cutBehind(); // after the ring writes: a reader who finds the chain cut finds them in the ring
        moved.run();
    }

    /** Puts one head in the ring and, if a commit installed it, hands the commit to the journal and the listeners. */
    private void record(Head h) {
        ring.addFromOneThread(h); // only the flag holder records
        if (h.commit != null) {
            tap(h);
            feeds.forEach(feed -> feed.offer(h.commit));
        }
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
