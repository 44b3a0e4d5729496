package io.freelock.metrics.hdr;

import java.util.function.Supplier;

import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

/**
 * A timer or histogram whose distribution its owner keeps, read whenever it is exported: for distributions a
 * component measures anyway (an engine's apply latency and retries), so that they are not recorded twice. Nobody
 * else may record into it.
 */
final class SuppliedDistribution extends SeriesBase implements Timer, Histogram {

    private final Supplier<DistributionSnapshot> snapshot;
    /** The last snapshot read, kept for when the owner's supplier fails: the scrape goes on with it. */
    private volatile DistributionSnapshot last = EMPTY;

    SuppliedDistribution(MetricFamily family, Tags tags, Supplier<DistributionSnapshot> snapshot) {
        super(family, tags);
        this.snapshot = snapshot;
    }

    @Override
    boolean suppliedByOwner() {
        return true;
    }

    @Override
    public void recordNanos(long nanos) {
        throw keptByOwner();
    }

    @Override
    public void record(long value) {
        throw keptByOwner();
    }

    private UnsupportedOperationException keptByOwner() {
        return new UnsupportedOperationException(this + " is kept by its owner's supplier");
    }

    @Override
    public DistributionSnapshot snapshot() {
        try {
            DistributionSnapshot now = snapshot.get();
            if (now != null) {
                last = now;
                return now;
            }
        } catch (RuntimeException e) {
            // the owner's failure must not break the whole scrape
        }
        return last;
    }

    private static final DistributionSnapshot EMPTY = new DistributionSnapshot() {
        @Override
        public long count() {
            return 0;
        }

        @Override
        public long sum() {
            return 0;
        }

        @Override
        public long max() {
            return 0;
        }

        @Override
        public long valueAtQuantile(double quantile) {
            if (quantile < 0 || quantile > 1) {
                throw new IllegalArgumentException("quantile " + quantile + " is outside [0, 1]");
            }
            return 0;
        }
    };
}
