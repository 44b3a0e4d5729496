package io.freelock.metrics.hdr;

import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Tags;

/** A histogram of plain non-negative values into a {@link Distribution}. */
final class HdrValueHistogram extends SeriesBase implements Histogram {

    private final Distribution distribution;

    HdrValueHistogram(MetricFamily family, Tags tags, Distribution distribution) {
        super(family, tags);
        this.distribution = distribution;
    }

    @Override
    public void record(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("histogram " + name() + tags() + " cannot record a negative value: "
                    + value);
        }
        distribution.record(value);
    }

    @Override
    public DistributionSnapshot snapshot() {
        return distribution.snapshot();
    }
}
