package io.freelock.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link Timer} or a {@link Histogram} had recorded at one moment, since it was created. Quantiles
 * come from a histogram and are exact to its precision (three significant digits by default); count, sum and
 * max are exact. For a timer every value is in nanoseconds.
 */
@ProviderType
public interface DistributionSnapshot {

    /** @return how many values were recorded */
    long count();

    /** @return the sum of the recorded values */
    long sum();

    /** @return the largest recorded value; 0 if none was */
    long max();

    /**
     * @param quantile between 0 and 1, e.g. 0.99 for the 99th percentile
     * @return the value at or below which that fraction of the recorded values lie; 0 if none was recorded
     * @throws IllegalArgumentException if {@code quantile} is outside [0, 1]
     */
    long valueAtQuantile(double quantile);

    /** @return the arithmetic mean; 0 if nothing was recorded */
    default double mean() {
        return count() == 0 ? 0 : (double) sum() / count();
    }
}
