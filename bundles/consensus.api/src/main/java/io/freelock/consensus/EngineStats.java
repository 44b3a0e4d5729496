package io.freelock.consensus;

import java.util.OptionalLong;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An engine's counts and timings at one moment, for the shell and a metrics registry. Each figure is read
 * without stopping the engine, so figures taken while it runs may be a few operations apart.
 */
@ProviderType
public interface EngineStats {

    String gameId();

    /** @return the current version */
    long version();

    /** @return compare-and-swaps that installed a new state */
    long casSucceeded();

    /** @return compare-and-swaps lost to another thread's commit (each followed by a retry or a give-up) */
    long casFailed();

    /** @return committed operations, by {@code apply}, {@code tryApply} or a proposal */
    long transitions();

    /** @return operations the rules or a validator refused */
    long refusedOperations();

    /** @return lost compare-and-swaps per committed or abandoned operation */
    HistogramSnapshot retriesPerOperation();

    /**
     * @return nanoseconds from the start of an apply (or of a proposal's commit) to its commit, for a uniform random
     *         sample of the commits (an engine may time only some, as reading the clock twice is a noticeable part
     *         of an apply); its count is the number of commits timed, its percentiles estimate every commit's
     */
    HistogramSnapshot applyLatencyNanos();

    long proposalsOpen();

    long proposalsCommitted();

    /** @return proposals rejected by votes or refused at commit */
    long proposalsRejected();

    /** @return proposals closed because the state they were proposed against was superseded */
    long proposalsStale();

    long proposalsExpired();

    /** @return exceptions thrown by commit listeners */
    long listenerFailures();

    /** @return commit listeners detached because they fell too far behind (the engine logs each, with the reason) */
    long listenersDetached();

    /**
     * @return committed operations the game's journal does not hold yet (0 once it has caught up), for operators:
     *         in asynchronous durability how far the journal trails, in synchronous durability what waits for it;
     *         empty for a game without a journal, which lives in memory only
     * @since 1.3
     */
    default OptionalLong journalLag() {
        return OptionalLong.empty();
    }
}
