package io.freelock.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A distribution of non-negative whole numbers that are not durations: retries per operation, batch
 * sizes, bytes per message. Exported as they are, without a unit. Recording never takes a lock.
 */
@ProviderType
public interface Histogram extends Metric {

    /**
     * Records one value.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    void record(long value);

    /** @return what was recorded so far */
    DistributionSnapshot snapshot();
}
