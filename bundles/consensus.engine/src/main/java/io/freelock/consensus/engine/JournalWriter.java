package io.freelock.consensus.engine;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Writes one game's committed operations to its journal, in version order and in batches. It owns no thread: the
 * factory's {@link JournalPump} runs it, together with every other game's writer, and commits the rows of many games
 * in one transaction ({@link JournalStore#appendAll}).
 *
 * <p><b>Flow.</b> The engine's deliverer (one thread at a time, in version order: see {@link History}) hands each
 * commit over through a queue, one of Freelock's own when the queue manager is there (multi-producer, because the
 * deliverer is whichever committing thread wins the delivery flag), and schedules the writer on the pump unless it is
 * scheduled already. A pump thread takes up to a batch ({@link #prepare}), appends it with the other games' batches in
 * one transaction, and then raises {@link #durable} ({@link #written}), waking the threads that wait for it. Every
 * {@code snapshotEvery} versions the deliverer also encodes the state, and the writer saves it after the batch that
 * holds its row.
 *
 * <p><b>One pump thread at a time.</b> {@link #scheduled} says a pump thread owns the writer: it is set by whoever
 * puts the writer on the pump's ready queue (a CAS, so only one does), and cleared by the pump thread when it lets
 * go ({@link #release}), which then looks at the queue once more. So a writer's batches are written one after the
 * other, in version order, and a hand-over is never left unseen (see {@link #release} for the handshake).
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
 *
 * <p><b>Memory.</b> A game's writer holds its queue of rows not yet written, which {@link #admit} bounds to
 * {@code journalMaxLag}, and up to one batch taken from it: nothing else grows with the game's traffic.
 */
final class JournalWriter {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
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
    /** Runs this writer with every other game's; null only for tests of the hand-over alone. */
    private final JournalPump pump;
    /** Whether a pump thread owns this writer (it is on the ready queue, or being run); see {@link #release}. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Counted down when the writer has finished for good, after {@link #close}. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean started;
    private final LongAdder batches = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder snapshotFailures = new LongAdder();

    /** The highest version the journal is known to hold; written by the pump thread that owns the writer only. */
    private volatile long durable;
    /** The highest version handed over; written by the deliverer only (one at a time). */
    private volatile long handed;
    /** The largest {@code handed - durable} the writer has seen: how far the journal lagged at worst. */
    private volatile long worstLag;
    private volatile long lastSnapshot;
    /** Set once, when the journal lost or diverged from what was written to it; then every operation is refused. */
    private volatile String broken;
    private volatile boolean stopping;
    /**
     * When a failed writer may try again ({@link System#nanoTime}); 0 once a store change or a close asks for a try
     * at once; -1 while it is not backing off. Set to -1 by the owning pump thread as a run starts, to a deadline by a
     * failure only if still -1 (CAS), and to 0 by a nudge at any time: a nudge is never lost.
     */
    private final AtomicLong retryAtNanos = new AtomicLong(-1);

    // ---- the owning pump thread's own: one thread at a time (see release()); each hand-over between pump threads
    // goes through the ready queue or the scheduled flag, which orders what one wrote before the next reads it ----
    private final List<Entry> pending = new ArrayList<>();
    private Journal journal;
    private long journalGeneration;
    private StateHash durableHash;
    private long lastTaken;
    private boolean resync;
    private long retryNanos = RETRY_MIN_NANOS;
    /** The health seen by {@link #prepare}, which {@link #written} reports healthy if it is still current. */
    private Health preparedHealth;

    /**
     * @param journal the game's journal, open, whose head is {@code recovered}
     * @param queue carries entries from the deliverer to the writer; emptied first (it may be a named queue that an
     *        earlier engine of the game left entries in)
     * @param pump the threads that run this writer with every other game's
     */
    JournalWriter(String gameId, String gameType, JournalGenesis genesis, EngineSettings settings, JournalStore store,
            Journal journal, JournalPosition recovered, long lastSnapshot, Queue<Entry> queue, String queueName,
            JournalPump pump) {
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
        this.pump = pump;
    }

    /** Lets the pump run the writer: from now on each hand-over schedules it. */
    void start() {
        started = true;
        schedule();
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
     * The deliverer's half of the hand-over handshake, after an offer: puts the writer on the pump's ready queue
     * unless a pump thread owns it already (see {@link #release}).
     *
     * @return whether this call scheduled the writer
     */
    boolean wakeWriter() {
        return started && schedule();
    }

    /**
     * Puts the writer on the pump's ready queue unless it is there or being run.
     *
     * @return whether this call scheduled it
     */
    private boolean schedule() {
        // the CAS is a volatile read-and-write: it comes after the offer of the entry in the synchronization order,
        // which pairs with release(): the pump clears the flag, fences, then looks at the queue
        if (scheduled.compareAndSet(false, true)) {
            if (pump != null) {
                pump.ready(this);
            }
            return true;
        }
        return false;
    }

    /**
     * The pump's half of the hand-over handshake, when a pump thread is done with the writer for now: it clears
     * {@link #scheduled}, then looks at the queue once more. Either it sees an entry offered meanwhile, or that entry's
     * deliverer sees the flag clear and schedules the writer itself.
     *
     * @return whether the writer may be left alone: nothing is queued that nobody will schedule it for
     */
    boolean release() {
        scheduled.set(false);
        // full fence: the clearing of the flag before the look at the queue (StoreLoad); pairs with the deliverer's
        // offer-then-CAS in schedule(): either this thread sees the entry, or the deliverer sees the flag clear
        VarHandle.fullFence();
        return isFinished() || (queue.isEmpty() && !stopping && retryAtNanos.get() != 0);
    }

    /** Called by the pump after {@link #release} returned false: schedules the writer again unless someone did. */
    void rescheduleIfIdle() {
        schedule();
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
        nudge();
    }

    /** The journal store went away: nothing can be journaled until another is attached. */
    void detach() {
        health.updateAndGet(h -> new Health(h.generation + 1, null, "no journal store is registered"));
        nudge();
    }

    /** Asks for a try at once: a writer backing off after a failure is run again, an idle one is scheduled. */
    private void nudge() {
        retryAtNanos.set(0);
        if (started && !schedule() && pump != null) {
            pump.wake(); // a pump thread owns it, perhaps in its back-off list: it looks again now
        }
    }

    /**
     * Stops the writer after it has written what was handed over, waiting up to the sync timeout for that; what it
     * could not write by then is reported on standard error (acknowledged only in asynchronous durability).
     */
    void close() {
        stopping = true;
        if (!started) {
            journal.close(); // never started (the game lost a race to open): nothing was handed over
            return;
        }
        nudge();
        try {
            finished.await(settings.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- what game:journal and the metrics show ----

    long durable() {
        return durable;
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

    /** @return the threads that write this game's journal with every other game's; null only in tests */
    JournalPump pump() {
        return pump;
    }

    Durability durability() {
        return settings.durability();
    }

    // ---- run by the pump thread that owns the writer ----

    /** @return when this writer, backing off after a failure, may try again ({@link System#nanoTime}); 0: now */
    long retryAtNanos() {
        return retryAtNanos.get();
    }

    /** @return whether the writer is backing off after a failure (and not asked to try at once) */
    boolean backingOff() {
        return retryAtNanos.get() > 0 && !isFinished();
    }

    /**
     * Called by the pump as it starts a run of the writer: a nudge is being answered now; one that comes during the
     * run makes {@link #release} ask for another.
     */
    void running() {
        retryAtNanos.set(-1);
    }

    /** @return whether the writer has finished for good (closed, and done what it could) */
    boolean isFinished() {
        return finished.getCount() == 0;
    }

    /**
     * Takes handed-over entries into a batch and makes the journal ready for it: opens it in a new store, re-aligns
     * with its head after a failure.
     *
     * @return the journal and the rows to append to it, or null if there is nothing to append (the writer may
     *         have finished; a failure is handled here, and the writer is then backing off)
     */
    Journal prepare() {
        if (isFinished()) {
            return null;
        }
        take();
        Health h = health.get();
        preparedHealth = h;
        boolean work = !pending.isEmpty() || h.unavailable != null;
        if (!work || broken != null) {
            if (stopping) {
                finish();
            }
            return null;
        }
        try {
            ready(h);
        } catch (RuntimeException failure) {
            failed(failure);
            return null;
        }
        if (pending.isEmpty()) { // the failure that made it unavailable is mended, and there was nothing to write
            written();
            return null;
        }
        return journal;
    }

    /** @return the rows {@link #prepare} took, for the journal it returned */
    List<JournalRecord> rows() {
        List<JournalRecord> rows = new ArrayList<>(pending.size());
        pending.forEach(e -> rows.add(e.record));
        return rows;
    }

    /** The rows {@link #prepare} took (if any) are in the journal: raises {@link #durable}, saves a snapshot. */
    void written() {
        if (!pending.isEmpty()) {
            batches.increment();
            Entry last = pending.get(pending.size() - 1);
            durableHash = last.record.hash();
            durable = last.record.version();
            saveSnapshot();
            pending.clear();
        }
        Health h = preparedHealth;
        health.compareAndSet(h, new Health(h.generation, h.store, null));
        retryNanos = RETRY_MIN_NANOS;
        wakeWaiters(); // retryAtNanos stays as running() left it, or 0 if a nudge came meanwhile: release() sees it

    }

    /**
     * The append of the rows {@link #prepare} took failed, or getting ready for it did: the rows are kept, the
     * journal is marked unavailable (or broken, for good), and the writer backs off before it tries again.
     */
    void failed(RuntimeException failure) {
        // anything else a store throws is its bug, but the writer must live on: it counts as unavailable
        JournalException e = failure instanceof JournalException ? (JournalException) failure
                : new JournalException(JournalException.Kind.UNAVAILABLE, gameId, -1,
                        "the journal store failed: " + failure, failure);
        failures.increment();
        resync = true; // the failure may have hidden a commit: read the head before appending again
        Health h = preparedHealth;
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
        // CAS from "running": a nudge during this run (a new store, a close) set 0 and asks for a try at once; a
        // plain write would erase it and leave the writer backing off, or idle with nobody to wake it
        retryAtNanos.compareAndSet(-1, System.nanoTime() + retryNanos);
        retryNanos = Math.min(retryNanos * 2, RETRY_MAX_NANOS);
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

    /** Opens the journal if the store changed, and re-aligns with its head after a failure. */
    private void ready(Health h) {
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
    }

    /** @return the store the rows {@link #prepare} took go to */
    JournalStore preparedStore() {
        return preparedHealth.store;
    }

    /** Saves the newest snapshot among the pending entries; a failure costs only a longer replay. */
    private void saveSnapshot() {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Entry e = pending.get(i);
            if (e.state != null) {
                try {
                    journal.saveSnapshot(new JournalSnapshot(e.record.version(), e.record.hash(), e.state));
                    lastSnapshot = e.record.version();
                } catch (RuntimeException failed) { // a JournalException, or a store's bug: the rows are written
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
        if (isFinished()) {
            return;
        }
        if (journal != null) {
            journal.close();
        }
        long unwritten = handed - durable;
        if (unwritten > 0) {
            LOG.error("freelock engine: game '" + gameId + "' closed with " + unwritten
                    + " operation(s) not journaled (versions " + (durable + 1) + " to " + handed + ")"
                    + (problem() == null ? "" : ": " + problem()));
        }
        finished.countDown();
        wakeWaiters();
    }
}
