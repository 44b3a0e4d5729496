package io.freelock.consensus.engine;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.freelock.consensus.EngineStats;
import io.freelock.consensus.HistogramSnapshot;

/**
 * An engine's counts and timings. The counters are {@link LongAdder}s, because the CAS counters are bumped by every
 * thread on every attempt: striped cells keep those bumps off the cache line of the engine's head reference.
 */
final class EngineCounters {

    /** One in this many commits, drawn at random, is timed (see {@link #startTiming}). */
    static final int TIMED_ONE_IN = 8;
    /** What {@link #startTiming} returns for an operation it does not time; no clock reads this. */
    static final long UNTIMED = Long.MIN_VALUE;

    final LongAdder commits = new LongAdder();
    final LongAdder casFailed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder proposalsCommitted = new LongAdder();
    final LongAdder proposalsRejected = new LongAdder();
    final LongAdder proposalsStale = new LongAdder();
    final LongAdder proposalsExpired = new LongAdder();
    final LogHistogram retries = new LogHistogram();
    /** The latency of a random sample of the commits, one in {@link #TIMED_ONE_IN}. */
    final LogHistogram applyLatencyNanos = new LogHistogram();

    /**
     * @return the clock now for an operation drawn to be timed, else {@link #UNTIMED}. Reading the clock twice costs
     *         about a fifth of an apply here, so only a random one in {@link #TIMED_ONE_IN} is timed: the draw does
     *         not depend on the operation, so the sample's percentiles estimate all commits'.
     */
    static long startTiming() {
        return ThreadLocalRandom.current().nextInt(TIMED_ONE_IN) == 0 ? System.nanoTime() : UNTIMED;
    }

    /**
     * Counts a committed operation that lost {@code lost} compare-and-swaps first.
     *
     * @param started what {@link #startTiming} gave when the operation began
     */
    void committed(int lost, long started) {
        commits.increment();
        retries.record(lost);
        if (started != UNTIMED) {
            applyLatencyNanos.record(System.nanoTime() - started);
        }
    }

    /** Counts an operation given up after {@code lost} lost compare-and-swaps. */
    void gaveUp(int lost) {
        retries.record(lost);
    }

    EngineStats snapshot(String gameId, long version, long proposalsOpen, long listenerFailures,
            long listenersDetached, OptionalLong journalLag) {
        long committed = commits.sum(); // every commit wins exactly one CAS
        return new Stats(gameId, version, committed, casFailed.sum(), committed, refused.sum(),
                retries.snapshot(), applyLatencyNanos.snapshot(), proposalsOpen, proposalsCommitted.sum(),
                proposalsRejected.sum(), proposalsStale.sum(), proposalsExpired.sum(), listenerFailures,
                listenersDetached, journalLag);
    }

    /** The figures at one moment. */
    private static final class Stats implements EngineStats {
        private final String gameId;
        private final long version;
        private final long casSucceeded;
        private final long casFailed;
        private final long transitions;
        private final long refused;
        private final HistogramSnapshot retries;
        private final HistogramSnapshot latency;
        private final long open;
        private final long committed;
        private final long rejected;
        private final long stale;
        private final long expired;
        private final long listenerFailures;
        private final long listenersDetached;
        private final OptionalLong journalLag;

        Stats(String gameId, long version, long casSucceeded, long casFailed, long transitions, long refused,
                HistogramSnapshot retries, HistogramSnapshot latency, long open, long committed, long rejected,
                long stale, long expired, long listenerFailures, long listenersDetached, OptionalLong journalLag) {
            this.gameId = gameId;
            this.version = version;
            this.casSucceeded = casSucceeded;
            this.casFailed = casFailed;
            this.transitions = transitions;
            this.refused = refused;
            this.retries = retries;
            this.latency = latency;
            this.open = open;
            this.committed = committed;
            this.rejected = rejected;
            this.stale = stale;
            this.expired = expired;
            this.listenerFailures = listenerFailures;
            this.listenersDetached = listenersDetached;
            this.journalLag = journalLag;
        }

        @Override public String gameId() { return gameId; }
        @Override public long version() { return version; }
        @Override public long casSucceeded() { return casSucceeded; }
        @Override public long casFailed() { return casFailed; }
        @Override public long transitions() { return transitions; }
        @Override public long refusedOperations() { return refused; }
        @Override public HistogramSnapshot retriesPerOperation() { return retries; }
        @Override public HistogramSnapshot applyLatencyNanos() { return latency; }
        @Override public long proposalsOpen() { return open; }
        @Override public long proposalsCommitted() { return committed; }
        @Override public long proposalsRejected() { return rejected; }
        @Override public long proposalsStale() { return stale; }
        @Override public long proposalsExpired() { return expired; }
        @Override public long listenerFailures() { return listenerFailures; }
        @Override public long listenersDetached() { return listenersDetached; }
        @Override public OptionalLong journalLag() { return journalLag; }

        @Override
        public String toString() {
            return "v" + version + ", cas ok " + casSucceeded + ", cas lost " + casFailed + ", refused " + refused
                    + ", latency ns [" + latency + "], proposals open " + open + " committed " + committed
                    + " rejected " + rejected + " stale " + stale + " expired " + expired;
        }
    }
}
