package io.freelock.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** A count that only goes up. Recording never takes a lock. */
@ProviderType
public interface Counter extends Metric {

    /** Adds one. */
    void increment();

    /**
     * Adds {@code amount}.
     *
     * @throws IllegalArgumentException if {@code amount} is negative: a counter never goes down
     */
    void add(long amount);

    /** @return the sum of everything added so far */
    long count();
}
