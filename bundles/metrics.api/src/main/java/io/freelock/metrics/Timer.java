package io.freelock.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A distribution of durations, such as the latency of applying an operation. Recorded in nanoseconds,
 * exported in seconds. Recording never takes a lock.
 */
@ProviderType
public interface Timer extends Metric {

    /**
     * Records one duration.
     *
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    void recordNanos(long nanos);

    /** Records one duration given in {@code unit}. */
    default void record(long amount, TimeUnit unit) {
        recordNanos(unit.toNanos(amount));
    }

    /** Records one duration. */
    default void record(Duration duration) {
        recordNanos(duration.toNanos());
    }

    /** Runs {@code task} and records how long it took, even if it threw. */
    default void time(Runnable task) {
        long start = System.nanoTime();
        try {
            task.run();
        } finally {
            recordNanos(System.nanoTime() - start);
        }
    }

    /** Runs {@code task}, records how long it took, even if it threw, and returns its result. */
    default <T> T time(Supplier<T> task) {
        long start = System.nanoTime();
        try {
            return task.get();
        } finally {
            recordNanos(System.nanoTime() - start);
        }
    }

    /** @return what was recorded so far, in nanoseconds */
    DistributionSnapshot snapshot();
}
