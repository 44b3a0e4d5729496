package io.freelock.consensus.engine;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalStore;

/**
 * A small fixed set of threads that writes the journals of every game an engine factory opened: however many games
 * are open, the threads stay the same, and the games that committed meanwhile share one transaction per store
 * ({@link JournalStore#appendAll}: a group commit). A game's synchronous acknowledgement waits for the commit that
 * holds its row, as before; it now shares that commit with the other games that wrote at the same time.
 *
 * <p><b>Scheduling.</b> A {@link JournalWriter} with rows to write is put on the ready queue by whoever handed it
 * the first of them (see {@link JournalWriter#release} for why a writer is never on it twice, nor forgotten). A pump
 * thread takes ready writers until it holds {@value #GROUP_ROWS} rows or the queue is empty, appends their rows in
 * one call per store, tells each writer how it went, and lets go of each one (which puts it back on the queue if rows
 * came meanwhile). While a thread writes, other games' rows queue up for the next group, so the busier the journal,
 * the larger its transactions. A writer backing off after a failure stays with the thread that ran it until its time
 * comes (or a store change or a close asks for a try at once), so other games' groups do not wait for it.
 *
 * <p><b>Sleeping.</b> A thread with nothing to do says so in {@link #sleeping}, fences, and looks at the ready queue
 * once more before it parks; {@link #ready} offers, fences, and unparks the threads it sees sleeping. Each park is
 * capped besides.
 */
final class JournalPump {

    /** The most rows a pump thread gathers for one group, so that one transaction stays a reasonable size. */
    static final int GROUP_ROWS = 8_192;
    private static final Logger LOG = LoggerFactory.getLogger(JournalPump.class);
    private static final long PARK_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ConcurrentLinkedQueue<JournalWriter> ready = new ConcurrentLinkedQueue<>();
    private final Thread[] threads;
    /** 1 while thread i is about to park or parked; see the class comment for the handshake. */
    private final AtomicIntegerArray sleeping;
    private final LongAdder groups = new LongAdder();
    private final LongAdder groupedRows = new LongAdder();
    private volatile boolean stopped;

    /**
     * Starts the threads, daemons named {@code freelock-journal-<i>}.
     *
     * @param threads how many (1 or more)
     */
    JournalPump(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("journal threads must be 1 or more, not " + threads);
        }
        this.threads = new Thread[threads];
        this.sleeping = new AtomicIntegerArray(threads);
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(() -> run(index), "freelock-journal-" + i);
            thread.setDaemon(true);
            this.threads[i] = thread;
        }
        for (Thread thread : this.threads) {
            thread.start();
        }
    }

    /** @return how many threads write the journals */
    int threads() {
        return threads.length;
    }

    /** @return the group commits so far, and the rows they carried: their ratio is the mean group size */
    long groups() {
        return groups.sum();
    }

    long groupedRows() {
        return groupedRows.sum();
    }

    /** Puts a writer that was just scheduled on the ready queue, and wakes a sleeping thread for it. */
    void ready(JournalWriter writer) {
        ready.offer(writer);
        wake();
    }

    /** Wakes the sleeping threads, e.g. for a writer that backs off and was asked to try at once. */
    void wake() {
        // full fence: the offer (or the writer's retry time) before the reads of sleeping (StoreLoad); pairs with the
        // fence in idle() between a thread's write of sleeping and its look at the queue
        VarHandle.fullFence();
        for (int i = 0; i < threads.length; i++) {
            if (sleeping.get(i) != 0) {
                LockSupport.unpark(threads[i]);
            }
        }
    }

    /** Stops the threads after their current group, waiting up to {@code millis} for them. */
    void stop(long millis) {
        stopped = true;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(int index) {
        List<JournalWriter> backingOff = new ArrayList<>();
        List<JournalWriter> owned = new ArrayList<>();
        while (!stopped) {
            owned.clear();
            try {
                round(index, backingOff, owned);
            } catch (RuntimeException | Error bug) {
                // a bug of ours or a store's: the thread lives on, and no writer it held is left owned by nobody
                LOG.error("journal thread " + index + " failed; its writers are retried",
                        bug);
                for (JournalWriter writer : owned) {
                    if (!backingOff.contains(writer) && !writer.release()) {
                        writer.rescheduleIfIdle();
                    }
                }
                LockSupport.parkNanos(this, PARK_CAP_NANOS);
            }
        }
    }

    /** One group: the writers due or ready, prepared, committed per store, and let go of (or kept backing off). */
    private void round(int index, List<JournalWriter> backingOff, List<JournalWriter> owned) {
        takeDue(backingOff, owned);
        Map<JournalStore, Map<Journal, JournalWriter>> groupsByStore = new IdentityHashMap<>();
        Map<Journal, List<JournalRecord>> rowsOf = new IdentityHashMap<>();
        int rows = 0;
        for (int i = 0; ; i++) {
            JournalWriter writer;
            if (i < owned.size()) {
                writer = owned.get(i);
            } else if (rows < GROUP_ROWS && (writer = ready.poll()) != null) {
                owned.add(writer);
            } else {
                break;
            }
            writer.running();
            Journal journal = writer.prepare();
            if (journal != null) {
                List<JournalRecord> taken = writer.rows();
                rows += taken.size();
                rowsOf.put(journal, taken);
                groupsByStore.computeIfAbsent(writer.preparedStore(), s -> new LinkedHashMap<>())
                        .put(journal, writer);
            }
        }
        groupsByStore.forEach((store, group) -> commit(store, group, rowsOf));
        for (JournalWriter writer : owned) {
            if (writer.backingOff()) {
                backingOff.add(writer); // stays owned by this thread until its time comes
            } else if (!writer.release()) {
                writer.rescheduleIfIdle();
            }
        }
        if (owned.isEmpty()) {
            idle(index, backingOff);
        }
    }

    /** Appends every writer's rows to {@code store} in one call, and tells each writer how it went. */
    private void commit(JournalStore store, Map<Journal, JournalWriter> group,
            Map<Journal, List<JournalRecord>> rowsOf) {
        Map<Journal, List<JournalRecord>> appends = new LinkedHashMap<>();
        int rows = 0;
        for (Journal journal : group.keySet()) {
            List<JournalRecord> taken = rowsOf.get(journal);
            appends.put(journal, taken);
            rows += taken.size();
        }
        Map<Journal, JournalException> refused;
        try {
            refused = store.appendAll(appends);
        } catch (RuntimeException failure) { // a store's bug, or its journals mixed up: every writer retries alone
            group.values().forEach(writer -> writer.failed(failure));
            return;
        }
        groups.increment();
        groupedRows.add(rows);
        group.forEach((journal, writer) -> {
            JournalException failure = refused.get(journal);
            if (failure == null) {
                writer.written();
            } else {
                writer.failed(failure);
            }
        });
    }

    /** Moves the writers whose back-off is over (or that were asked to try at once) into {@code owned}. */
    private static void takeDue(List<JournalWriter> backingOff, List<JournalWriter> owned) {
        long now = System.nanoTime();
        for (Iterator<JournalWriter> each = backingOff.iterator(); each.hasNext(); ) {
            JournalWriter writer = each.next();
            long at = writer.retryAtNanos();
            if (at <= 0 || at - now <= 0 || writer.isFinished()) {
                each.remove();
                owned.add(writer);
            }
        }
    }

    private void idle(int index, List<JournalWriter> backingOff) {
        sleeping.set(index, 1);
        // full fence: the write of sleeping before the look at the queue (StoreLoad); pairs with the fence in wake()
        VarHandle.fullFence();
        if (ready.isEmpty() && !stopped) {
            long now = System.nanoTime();
            long park = PARK_CAP_NANOS;
            for (JournalWriter writer : backingOff) {
                long at = writer.retryAtNanos();
                park = Math.min(park, at <= 0 ? 0 : at - now);
            }
            if (park > 0) {
                LockSupport.parkNanos(this, park);
            }
        }
        sleeping.set(index, 0);
    }
}
