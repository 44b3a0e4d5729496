package io.freelock.consensus.engine;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;
import io.freelock.storage.JournalStore;

/**
 * Writes one game's committed operations to its journal, in version order and in batches, on a thread of its own.
 *
 * <p><b>Flow.</b> The engine's deliverer (one thread at a time, in version order: see {@link History}) hands each
 * commit over through a queue, one of Freelock's own when the queue manager is there (multi-producer, because the
 * deliverer is whichever committing thread wins the delivery flag); the writer takes up to a batch, appends it in one
 * transaction and raises {@link #durable}, waking the threads that wait for it. Every {@code snapshotEvery}
 * versions the deliverer also encodes the state, and the writer saves it after the batch that holds its row.
 *
 * <p><b>Failures.</b> A failed append keeps its rows: the writer marks the journal unavailable (so that the engine
 * refuses new work in synchronous durability), backs off and tries again, first reading the journal's head, because
 * a failure may have hidden a commit. Nothing handed over is ever dropped while the engine is open. If the journal
 * turns out to lack rows it had taken, or to hold rows this writer did not write, the writer marks it broken for
 * good: the game refuses operations until it is opened again (and recovery names the problem).
 *
 * <p><b>Stores coming and going.</b> The factory calls {@link #attach} and {@link #detach}; each bumps a generation
 * in {@link #health}, so that a writer that was busy with the old store's journal cannot report it healthy after the
 * store left.
 */
final class JournalWriter {

    /** What a thread waiting for the journal re-checks at the latest: the handshakes wake it sooner. */
    private static final long PARK_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RETRY_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** The store to write to, and whether the journal takes writes now; replaced whole, by CAS. */
    private static final class Health {
        final long generation;
        final JournalStore store;
        /** Why the journal does not take writes now; null while it does. */
        final String unavailable;

        Health(long generation, JournalStore store, String unavailable) {
            this.generation = generation;
            this.store = store;
            this.unavailable = unavailable;
        }
    }

    /** One committed operation on its way to the journal; {@code state} is set at snapshot versions only. */
    static final class Entry {
        final JournalRecord record;
        final byte[] state;

        Entry(JournalRecord record, byte[] state) {
            this.record = record;
            this.state = state;
        }
    }

    private final String gameId;
    private final String gameType;
    /** The genesis the journal recorded: reopening the journal (a new store) must find the same one. */
    private final JournalGenesis genesis;
    private final EngineSettings settings;
    private final Queue<Entry> queue;
    private final String queueName;
    private final AtomicReference<Health> health;
    /** Threads in {@link #awaitDurable}; the writer unparks them all after it moves {@link #durable} or health. */
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final LongAdder batches = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder snapshotFailures = new LongAdder();

    /** The highest version the journal is known to hold; written by the writer thread only. */
    private volatile long durable;
    /** The highest version handed over; written by the deliverer only (one at a time). */
    private volatile long handed;
    /** The largest {@code handed - durable} the writer has seen: how far the journal lagged at worst. */
    private volatile long worstLag;
    private volatile long lastSnapshot;
    /** Set once, when the journal lost or diverged from what was written to it; then every operation is refused. */
    private volatile String broken;
    /** Set by the writer before it parks for want of work; see {@link #mayPark} for the handshake. */
    private volatile boolean sleeping;
    private volatile boolean stopping;

    // ---- the writer thread's own ----
    private final List<Entry> pending = new ArrayList<>();
    private Journal journal;
    private long journalGeneration;
    private StateHash durableHash;
    private long lastTaken;
    private boolean resync;

    /**
     * @param journal the game's journal, open, whose head is {@code recovered}
     * @param queue carries entries from the deliverer to the writer; emptied first (it may be a named queue that an
     *        earlier engine of the game left entries in)
     */
    JournalWriter(String gameId, String gameType, JournalGenesis genesis, EngineSettings settings, JournalStore store,
            Journal journal, JournalPosition recovered, long lastSnapshot, Queue<Entry> queue, String queueName) {
        this.gameId = gameId;
        this.gameType = gameType;
        this.genesis = genesis;
        this.settings = settings;
        this.queue = queue;
        this.queueName = queueName;
        while (queue.poll() != null) {
            // entries of an earlier engine of this game: its writer wrote what it could, recovery read the rest
        }
        this.health = new AtomicReference<>(new Health(0, store, null));
        this.journal = journal;
        this.journalGeneration = 0;
        this.durable = recovered.version();
        this.durableHash = recovered.hash();
        this.handed = recovered.version();
        this.lastTaken = recovered.version();
        this.lastSnapshot = lastSnapshot;
        this.thread = new Thread(this::run, "freelock-journal-" + gameId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    // ---- the engine's side ----

    /**
     * Refuses new work the journal cannot take: in synchronous durability while it is unavailable, in either mode
     * when it lags {@code journalMaxLag} operations behind {@code headVersion}, and always once it is broken.
     */
    void admit(long headVersion) {
        String why = broken;
        if (why != null) {
            throw new RefusedException(RefusalReason.JOURNAL_BROKEN, why);
        }
        if (settings.durability() == Durability.SYNC) {
            why = health.get().unavailable;
            if (why != null) {
                throw new RefusedException(RefusalReason.JOURNAL_UNAVAILABLE, "game '" + gameId
                        + "' takes no operations while its journal is unavailable (" + why
                        + "): nothing is acknowledged without durability");
            }
        }
        long lag = headVersion - durable;
        if (lag >= settings.journalMaxLag()) {
            why = health.get().unavailable;
            throw new RefusedException(RefusalReason.JOURNAL_UNAVAILABLE, "the journal of game '" + gameId + "' is "
                    + lag + " operations behind, the most allowed" + (why == null ? "" : " (" + why + ")"));
        }
    }

    /**
     * Called by the deliverer for each committed head, in version order. The state is encoded at snapshot versions,
     * here, because only here is the state of that version at hand with the rules that made it.
     */
    void handOver(Head head) {
        long version = head.version();
        byte[] state = null;
        if (version % settings.snapshotEvery() == 0) {
            try {
                state = head.binding.rules().encodeState(head.snapshot.state());
            } catch (RuntimeException | LinkageError e) {
                snapshotFailures.increment(); // no snapshot this time: recovery replays a little more
            }
        }
        Entry entry = new Entry(new JournalRecord(version, head.hash(), head.commit.encodedOperation(),
                head.stateDigest, head.evidence), state);
        while (!queue.offer(entry)) {
            Thread.onSpinWait(); // unbounded by spec, so never full; but losing a row is not an option
        }
        handed = version;
        wakeWriter();
    }

    /**
     * The deliverer's half of the wake-up handshake, after an offer (see {@link #mayPark}).
     *
     * @return whether it found the writer going to sleep, and woke it
     */
    boolean wakeWriter() {
        // full fence: orders the offer before the read of sleeping (StoreLoad); the writer fences between its write
        // of sleeping and its look at the queue, so either it sees the entry or this thread sees it sleeping
        VarHandle.fullFence();
        if (sleeping) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /**
     * The writer's half of the wake-up handshake: it says it is going to sleep, then looks at the queue once more.
     *
     * @return whether it may park: nothing was queued, nor will be without a wake-up
     */
    boolean mayPark() {
        sleeping = true;
        // full fence: the write of sleeping before the look at the queue (StoreLoad); pairs with wakeWriter's fence
        VarHandle.fullFence();
        return queue.isEmpty() && !stopping;
    }

    /**
     * Waits until the journal holds {@code installed} (synchronous durability).
     *
     * @throws NotDurableException if the journal is or becomes unavailable or broken first, the wait times out, or
     *         the thread is interrupted (its interrupt status is kept)
     */
    void awaitDurable(Snapshot<?> installed) {
        long version = installed.version();
        if (durable >= version) {
            return;
        }
        Thread me = Thread.currentThread();
        // before the checks below: the add (a CAS) and the writer's volatile writes of durable and health are all in
        // the synchronization order, so either the writer's scan of waiters after its write finds this thread, or
        // this thread's read after the add sees the write (and each park is capped besides)
        waiters.add(me);
        try {
            long deadline = System.nanoTime() + settings.syncTimeout().toNanos();
            while (durable < version) {
                String why = broken != null ? broken : health.get().unavailable;
                if (why != null) {
                    throw notDurable(installed, "its journal is unavailable (" + why + ")");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw notDurable(installed, "its journal did not confirm it within "
                            + settings.syncTimeout().toMillis() + " ms");
                }
                if (Thread.interrupted()) {
                    me.interrupt();
                    throw notDurable(installed, "the thread was interrupted while it waited for the journal");
                }
                LockSupport.parkNanos(this, Math.min(left, PARK_CAP_NANOS));
            }
        } finally {
            waiters.remove(me);
        }
    }

    private NotDurableException notDurable(Snapshot<?> installed, String why) {
        return new NotDurableException(installed, "operation v" + installed.version() + " of game '" + gameId
                + "' is installed but not acknowledged: " + why + "; it is journaled when the journal is back");
    }

    /** A journal store was registered: the writer opens the game's journal in it and carries on. */
    void attach(JournalStore store) {
        health.updateAndGet(h -> new Health(h.generation + 1, store, "the journal store " + store.describe()
                + " was just registered and is being opened"));
        LockSupport.unpark(thread);
    }

    /** The journal store went away: nothing can be journaled until another is attached. */
    void detach() {
        health.updateAndGet(h -> new Health(h.generation + 1, null, "no journal store is registered"));
        LockSupport.unpark(thread);
    }

    /**
     * Stops the writer after it has written what was handed over, waiting up to the sync timeout for that; what it
     * could not write by then is reported on standard error (acknowledged only in asynchronous durability).
     */
    void close() {
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            journal.close(); // never started (the game lost a race to open): nothing was handed over
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(settings.syncTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- what game:journal and the metrics show ----

    long durable() {
        return durable;
    }

    long handed() {
        return handed;
    }

    long worstLag() {
        return worstLag;
    }

    long lastSnapshot() {
        return lastSnapshot;
    }

    long batches() {
        return batches.sum();
    }

    long failures() {
        return failures.sum();
    }

    /** @return null while the journal takes writes, else why not */
    String problem() {
        return broken != null ? broken : health.get().unavailable;
    }

    /** @return the store the writer writes to now; null while none is registered */
    JournalStore store() {
        return health.get().store;
    }

    String storeDescription() {
        JournalStore store = store();
        return store == null ? "none" : store.describe();
    }

    String queueName() {
        return queueName;
    }

    Durability durability() {
        return settings.durability();
    }

    // ---- the writer thread ----

    private void run() {
        long retryNanos = RETRY_MIN_NANOS;
        for (;;) {
            take();
            Health h = health.get();
            boolean work = !pending.isEmpty() || h.unavailable != null;
            if (!work || broken != null) {
                if (stopping) {
                    finish();
                    return;
                }
                idle();
                continue;
            }
            try {
                write(h);
                retryNanos = RETRY_MIN_NANOS;
            } catch (RuntimeException failure) {
                // anything else a store throws is its bug, but the writer must live on: it counts as unavailable
                JournalException e = failure instanceof JournalException ? (JournalException) failure
                        : new JournalException(JournalException.Kind.UNAVAILABLE, gameId, -1,
                                "the journal store failed: " + failure, failure);
                failures.increment();
                resync = true; // the failure may have hidden a commit: read the head before appending again
                if (e.kind() == JournalException.Kind.CORRUPT || e.kind() == JournalException.Kind.MISMATCH) {
                    broken = e.getMessage(); // names the game and the version; no retry can mend it
                } else {
                    // unavailable, or a conflict: re-reading the head on the retry tells which rows the journal holds
                    // CAS, not set: if the store changed meanwhile, this failure was the old store's, not news
                    health.compareAndSet(h, new Health(h.generation, h.store, e.getMessage()));
                }
                wakeWaiters();
                if (stopping) {
                    finish();
                    return;
                }
                LockSupport.parkNanos(this, retryNanos);
                retryNanos = Math.min(retryNanos * 2, RETRY_MAX_NANOS);
            }
        }
    }

    /** Moves handed-over entries into {@link #pending}, up to a batch, checking that versions run on without gaps. */
    private void take() {
        for (Entry e; pending.size() < settings.journalBatch() && (e = queue.poll()) != null; ) {
            long version = e.record.version();
            if (version != lastTaken + 1) {
                broken = "the journal queue of game '" + gameId + "' skipped from version " + lastTaken + " to "
                        + version + ": the engine cannot journal it any more";
                return;
            }
            pending.add(e);
            lastTaken = version;
        }
        long lag = handed - durable;
        if (lag > worstLag) {
            worstLag = lag; // only this thread writes it
        }
    }

    private void idle() {
        if (mayPark()) {
            LockSupport.parkNanos(this, PARK_CAP_NANOS);
        }
        sleeping = false;
    }

    /** Opens the journal if the store changed, re-aligns after a failure, appends the pending rows. */
    private void write(Health h) {
        if (journal == null || journalGeneration != h.generation) {
            journal = null;
            if (h.store == null) {
                throw new JournalException(JournalException.Kind.UNAVAILABLE, gameId, -1,
                        "no journal store is registered");
            }
            Journal opened = h.store.open(gameId, gameType, genesis);
            if (!opened.genesis().equals(genesis)) {
                throw new JournalException(JournalException.Kind.MISMATCH, gameId, -1, "the journal store now in use "
                        + "holds another instance of the game (" + opened.genesis() + ", not " + genesis + ")");
            }
            journal = opened;
            journalGeneration = h.generation;
            resync = true;
        }
        if (resync) {
            align(journal.head());
            resync = false;
        }
        if (!pending.isEmpty()) {
            List<JournalRecord> rows = new ArrayList<>(pending.size());
            pending.forEach(e -> rows.add(e.record));
            journal.append(rows);
            batches.increment();
            Entry last = pending.get(pending.size() - 1);
            durableHash = last.record.hash();
            durable = last.record.version();
            saveSnapshot();
            pending.clear();
        }
        health.compareAndSet(h, new Health(h.generation, h.store, null));
        wakeWaiters();
    }

    /** Saves the newest snapshot among the pending entries; a failure costs only a longer replay. */
    private void saveSnapshot() {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Entry e = pending.get(i);
            if (e.state != null) {
                try {
                    journal.saveSnapshot(new JournalSnapshot(e.record.version(), e.record.hash(), e.state));
                    lastSnapshot = e.record.version();
                } catch (JournalException failed) {
                    snapshotFailures.increment();
                }
                return;
            }
        }
    }

    /**
     * Reconciles what the writer knows with the journal's head after a failure or a new store: rows of a batch
     * whose commit was hidden by the failure are dropped from {@link #pending}; anything else is a broken journal.
     */
    private void align(JournalPosition head) {
        long version = head.version();
        if (version == durable) {
            if (!head.hash().equals(durableHash)) {
                throw brokenAt(version, "holds another hash at version " + version + " than was written to it");
            }
            return;
        }
        if (version < durable) {
            throw brokenAt(version, "ends at version " + version + ", but versions up to " + durable
                    + " were written to it: acknowledged operations are missing from the database");
        }
        Entry match = null;
        for (Entry e : pending) {
            if (e.record.version() == version) {
                match = e;
            }
        }
        if (match == null || !match.record.hash().equals(head.hash())) {
            throw brokenAt(version, "holds versions up to " + version + " that this engine did not write to it"
                    + " (is another process writing game '" + gameId + "'?)");
        }
        pending.removeIf(e -> e.record.version() <= version);
        durableHash = head.hash();
        durable = version;
    }

    private JournalException brokenAt(long version, String what) {
        return new JournalException(JournalException.Kind.CORRUPT, gameId, version,
                "the journal of game '" + gameId + "' " + what);
    }

    private void wakeWaiters() {
        waiters.forEach(LockSupport::unpark);
    }

    /** The writer's last act: the journal's connection goes, and what could not be written is reported. */
    private void finish() {
        if (journal != null) {
            journal.close();
        }
        long unwritten = handed - durable;
        if (unwritten > 0) {
            System.err.println("freelock engine: game '" + gameId + "' closed with " + unwritten
                    + " operation(s) not journaled (versions " + (durable + 1) + " to " + handed + ")"
                    + (problem() == null ? "" : ": " + problem()));
        }
    }
}
