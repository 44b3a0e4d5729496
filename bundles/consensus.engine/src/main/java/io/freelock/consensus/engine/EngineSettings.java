package io.freelock.consensus.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings an engine is opened with; the engine factory's ConfigAdmin configuration sets the defaults (see
 * {@link EngineFactory.Config}). Immutable: an engine keeps the settings it was opened with. The fields are not
 * final only so that {@link #with} can copy them in one place; they are written before the object is returned and
 * never after, and every object is handed between threads safely (a volatile field, a concurrent map).
 */
public final class EngineSettings {

    // The defaults, declared once: defaults() starts from them and EngineFactory.Config offers them to ConfigAdmin.
    // Constants, because an annotation's default must be one.
    static final long DEFAULT_PROPOSAL_TIMEOUT_MILLIS = 30_000;
    static final int DEFAULT_RETAINED_SNAPSHOTS = 64;
    static final int DEFAULT_MAX_OPEN_PROPOSALS = 1024;
    static final long DEFAULT_BACKOFF_BASE_NANOS = 1_000;
    static final long DEFAULT_BACKOFF_MAX_NANOS = 1_000_000;
    static final int DEFAULT_JOURNAL_MAX_LAG = 10_000;
    static final int DEFAULT_SNAPSHOT_EVERY = 1_000;
    static final long DEFAULT_SYNC_TIMEOUT_MILLIS = 5_000;
    static final int DEFAULT_JOURNAL_BATCH = 512;
    static final int DEFAULT_JOURNAL_THREADS = 2;
    static final int DEFAULT_LISTENER_BACKLOG = 1024;

    private Duration proposalTimeout;
    private int retainedSnapshots;
    private int maxOpenProposals;
    private long backoffBaseNanos;
    private long backoffMaxNanos;
    private Clock clock;
    private Durability durability;
    private int journalMaxLag;
    private int snapshotEvery;
    private Duration syncTimeout;
    private int journalBatch;
    private int journalThreads;
    private int listenerBacklog;

    private EngineSettings() {
    }

    /** @return a copy with {@code change} applied, checked; the fields are written only here, before publication */
    private EngineSettings with(Consumer<EngineSettings> change) {
        EngineSettings next = new EngineSettings();
        next.proposalTimeout = proposalTimeout;
        next.retainedSnapshots = retainedSnapshots;
        next.maxOpenProposals = maxOpenProposals;
        next.backoffBaseNanos = backoffBaseNanos;
        next.backoffMaxNanos = backoffMaxNanos;
        next.clock = clock;
        next.durability = durability;
        next.journalMaxLag = journalMaxLag;
        next.snapshotEvery = snapshotEvery;
        next.syncTimeout = syncTimeout;
        next.journalBatch = journalBatch;
        next.journalThreads = journalThreads;
        next.listenerBacklog = listenerBacklog;
        change.accept(next);
        return next.checked();
    }

    private EngineSettings checked() {
        if (proposalTimeout.isNegative() || proposalTimeout.isZero()) {
            throw new IllegalArgumentException("proposal timeout " + proposalTimeout + " must be positive");
        }
        if (retainedSnapshots < 1 || retainedSnapshots > 1 << 16) {
            throw new IllegalArgumentException("retained snapshots " + retainedSnapshots + " is outside 1..65536");
        }
        if (maxOpenProposals < 1) {
            throw new IllegalArgumentException("max open proposals " + maxOpenProposals + " must be positive");
        }
        new Backoff(backoffBaseNanos, backoffMaxNanos); // validates the pair
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(durability, "durability");
        if (journalMaxLag < 1) {
            throw new IllegalArgumentException("journal max lag " + journalMaxLag + " must be positive");
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshot interval " + snapshotEvery + " must be positive");
        }
        if (syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw new IllegalArgumentException("sync timeout " + syncTimeout + " must be positive");
        }
        if (journalBatch < 1) {
            throw new IllegalArgumentException("journal batch " + journalBatch + " must be positive");
        }
        if (journalThreads < 1 || journalThreads > 16) {
            throw new IllegalArgumentException("journal threads " + journalThreads + " is outside 1..16");
        }
        if (listenerBacklog < 1 || listenerBacklog > 1 << 20) {
            throw new IllegalArgumentException("listener backlog " + listenerBacklog + " is outside 1..1048576");
        }
        return this;
    }

    /**
     * @return the {@code DEFAULT_} values above, the UTC clock, and no journal: durability none (a factory's
     *         configuration says sync by default, as a container has a journal store)
     */
    public static EngineSettings defaults() {
        EngineSettings s = new EngineSettings();
        s.proposalTimeout = Duration.ofMillis(DEFAULT_PROPOSAL_TIMEOUT_MILLIS);
        s.retainedSnapshots = DEFAULT_RETAINED_SNAPSHOTS;
        s.maxOpenProposals = DEFAULT_MAX_OPEN_PROPOSALS;
        s.backoffBaseNanos = DEFAULT_BACKOFF_BASE_NANOS;
        s.backoffMaxNanos = DEFAULT_BACKOFF_MAX_NANOS;
        s.clock = Clock.systemUTC();
        s.durability = Durability.NONE;
        s.journalMaxLag = DEFAULT_JOURNAL_MAX_LAG;
        s.snapshotEvery = DEFAULT_SNAPSHOT_EVERY;
        s.syncTimeout = Duration.ofMillis(DEFAULT_SYNC_TIMEOUT_MILLIS);
        s.journalBatch = DEFAULT_JOURNAL_BATCH;
        s.journalThreads = DEFAULT_JOURNAL_THREADS;
        s.listenerBacklog = DEFAULT_LISTENER_BACKLOG;
        return s.checked();
    }

    static EngineSettings from(EngineFactory.Config config, Clock clock) {
        return defaults().with(s -> {
            s.proposalTimeout = Duration.ofMillis(config.proposalTimeoutMillis());
            s.retainedSnapshots = config.retainedSnapshots();
            s.maxOpenProposals = config.maxOpenProposals();
            s.backoffBaseNanos = config.backoffBaseNanos();
            s.backoffMaxNanos = config.backoffMaxNanos();
            s.clock = clock;
            s.durability = Durability.parse(config.durability());
            s.journalMaxLag = config.journalMaxLag();
            s.snapshotEvery = config.snapshotEvery();
            s.syncTimeout = Duration.ofMillis(config.syncTimeoutMillis());
            s.journalBatch = config.journalBatch();
            s.journalThreads = config.journalThreads();
            s.listenerBacklog = config.listenerBacklog();
        });
    }

    public EngineSettings withProposalTimeout(Duration timeout) {
        return with(s -> s.proposalTimeout = Objects.requireNonNull(timeout, "timeout"));
    }

    public EngineSettings withRetainedSnapshots(int count) {
        return with(s -> s.retainedSnapshots = count);
    }

    /**
     * @param count the most proposals open at once; each participant may hold {@code max(1, count / participants)}
     *        proposals against the current state, open or closed, so that no one can take every place
     */
    public EngineSettings withMaxOpenProposals(int count) {
        return with(s -> s.maxOpenProposals = count);
    }

    public EngineSettings withBackoff(long baseNanos, long maxNanos) {
        return with(s -> {
            s.backoffBaseNanos = baseNanos;
            s.backoffMaxNanos = maxNanos;
        });
    }

    /** @param clock what proposal deadlines are measured on; tests pass one they move by hand */
    public EngineSettings withClock(Clock clock) {
        return with(s -> s.clock = clock);
    }

    /**
     * @param durability when operations are acknowledged relative to the journal
     * @param maxLag in {@link Durability#ASYNC}, how many operations the journal may lag behind before the engine
     *        refuses more (in {@link Durability#SYNC} it bounds the operations waiting for the journal)
     */
    public EngineSettings withDurability(Durability durability, int maxLag) {
        return with(s -> {
            s.durability = durability;
            s.journalMaxLag = maxLag;
        });
    }

    /** @param every a snapshot of the state is journaled at each version that is a multiple of this */
    public EngineSettings withSnapshotEvery(int every) {
        return with(s -> s.snapshotEvery = every);
    }

    /** @param timeout how long a synchronous operation waits for the journal before it is reported not durable */
    public EngineSettings withSyncTimeout(Duration timeout) {
        return with(s -> s.syncTimeout = Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * @param threads how many threads write the journals of all the games a factory opens (1 to 16); the factory
     *        takes this from the settings it has when its first journaled game opens
     */
    public EngineSettings withJournalThreads(int threads) {
        return with(s -> s.journalThreads = threads);
    }

    public int journalThreads() {
        return journalThreads;
    }

    /**
     * @param backlog how many commits a commit listener may fall behind (each listener has a hand-over of this many,
     *        rounded up to a power of two) before it is detached; bounds the memory a slow listener holds
     */
    public EngineSettings withListenerBacklog(int backlog) {
        return with(s -> s.listenerBacklog = backlog);
    }

    public int listenerBacklog() {
        return listenerBacklog;
    }

    public Duration proposalTimeout() {
        return proposalTimeout;
    }

    public int retainedSnapshots() {
        return retainedSnapshots;
    }

    public int maxOpenProposals() {
        return maxOpenProposals;
    }

    public long backoffBaseNanos() {
        return backoffBaseNanos;
    }

    public long backoffMaxNanos() {
        return backoffMaxNanos;
    }

    public Clock clock() {
        return clock;
    }

    public Durability durability() {
        return durability;
    }

    public int journalMaxLag() {
        return journalMaxLag;
    }

    public int snapshotEvery() {
        return snapshotEvery;
    }

    public Duration syncTimeout() {
        return syncTimeout;
    }

    public int journalBatch() {
        return journalBatch;
    }
}
