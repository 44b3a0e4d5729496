package io.freelock.metrics.hdr;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.freelock.metrics.DistributionSnapshot;

/**
 * The recording core shared by timers and histograms. Writers go through HdrHistogram's {@link Recorder},
 * whose concurrent histogram counts with atomic increments inside a wait-free writer phase; the range is
 * fixed up front because an auto-resizing histogram takes a lock when a value outgrows it. Values above the
 * ceiling count at the ceiling in the quantiles, while the sum and max, kept beside the histogram, stay exact.
 * <p>
 * Readers serialize among themselves: each snapshot moves what was recorded since the last one into a
 * cumulative histogram. Under concurrent recording, a snapshot's sum may already hold a value its count
 * does not yet hold; at rest the two agree exactly.
 */
final class Distribution {

    private final long ceiling;
    private final Recorder recorder;
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);
    private final Histogram cumulative; // guarded by this
    private Histogram interval;         // guarded by this; recycled between snapshots

    Distribution(long ceiling, int significantDigits) {
        this.ceiling = ceiling;
        this.recorder = new Recorder(1, ceiling, significantDigits);
        this.cumulative = new Histogram(1, ceiling, significantDigits);
    }

    /** Lock-free; the caller has checked that {@code value} is not negative. */
    void record(long value) {
        recorder.recordValue(Math.min(value, ceiling));
        sum.add(value);
        max.accumulate(value);
    }

    synchronized DistributionSnapshot snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        return new HdrSnapshot(cumulative.copy(), sum.sum(), max.get());
    }

    /** An immutable copy: quantiles from the histogram, capped by the exact max. */
    private static final class HdrSnapshot implements DistributionSnapshot {
        private final Histogram histogram;
        private final long sum;
        private final long max;

        HdrSnapshot(Histogram histogram, long sum, long max) {
            this.histogram = histogram;
            this.sum = sum;
            this.max = max;
        }

        @Override
        public long count() {
            return histogram.getTotalCount();
        }

        @Override
        public long sum() {
            return sum;
        }

        @Override
        public long max() {
            return max;
        }

        @Override
        public long valueAtQuantile(double quantile) {
            if (!(quantile >= 0 && quantile <= 1)) {
                throw new IllegalArgumentException("quantile " + quantile + " is not between 0 and 1");
            }
            if (histogram.getTotalCount() == 0) {
                return 0;
            }
            // HdrHistogram answers with the highest value its bucket stands for; the true max bounds it.
            return Math.min(histogram.getValueAtPercentile(quantile * 100), max);
        }

        @Override
        public String toString() {
            return "count=" + count() + " sum=" + sum + " max=" + max;
        }
    }
}
