package io.freelock.consensus;

import java.util.Arrays;

/**
 * A copy of a histogram's buckets at one moment: bucket {@code i} counts the recorded values in
 * {@code (upperBound(i-1), upperBound(i)]}. Percentiles are read from the buckets, so they are exact to the bucket
 * width (the engine's buckets are within 1/16 of their value). Immutable.
 */
public final class HistogramSnapshot {

    private static final HistogramSnapshot EMPTY = new HistogramSnapshot(new long[0], new long[0], 0, 0, 0);

    private final long[] upperBounds;
    private final long[] counts;
    private final long totalCount;
    private final long sum;
    private final long min;
    private final long max;

    /**
     * @param upperBounds ascending bucket upper bounds (inclusive)
     * @param counts the count of each bucket, as long as {@code upperBounds}
     * @param sum the sum of the recorded values
     * @param min the smallest recorded value (0 if none)
     * @param max the largest recorded value (0 if none)
     */
    public HistogramSnapshot(long[] upperBounds, long[] counts, long sum, long min, long max) {
        if (upperBounds.length != counts.length) {
            throw new IllegalArgumentException(upperBounds.length + " bounds for " + counts.length + " counts");
        }
        this.upperBounds = upperBounds.clone();
        this.counts = counts.clone();
        this.totalCount = Arrays.stream(counts).sum();
        this.sum = sum;
        this.min = min;
        this.max = max;
    }

    /** @return a histogram with nothing recorded */
    public static HistogramSnapshot empty() {
        return EMPTY;
    }

    /** @return how many values were recorded */
    public long count() {
        return totalCount;
    }

    /** @return the sum of the recorded values */
    public long sum() {
        return sum;
    }

    /** @return the mean of the recorded values, or 0 if none */
    public double mean() {
        return totalCount == 0 ? 0 : (double) sum / totalCount;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /**
     * @param percentile 0 to 100
     * @return the smallest bucket bound at or below which {@code percentile}% of the values lie, capped by
     *         {@link #max()}; {@link #min()} for 0; 0 if nothing was recorded
     */
    public long valueAtPercentile(double percentile) {
        if (percentile < 0 || percentile > 100 || Double.isNaN(percentile)) {
            throw new IllegalArgumentException("percentile " + percentile + " is outside 0..100");
        }
        if (totalCount == 0) {
            return 0;
        }
        if (percentile == 0) {
            return min;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * totalCount));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.max(min, Math.min(upperBounds[i], max));
            }
        }
        return max;
    }

    /** @return a copy of the bucket upper bounds */
    public long[] upperBounds() {
        return upperBounds.clone();
    }

    /** @return a copy of the bucket counts */
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public String toString() {
        return "count " + totalCount + ", p50 " + valueAtPercentile(50) + ", p90 " + valueAtPercentile(90) + ", p99 "
                + valueAtPercentile(99) + ", max " + max;
    }
}
