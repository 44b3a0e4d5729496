package io.freelock.metrics.hdr;

import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

/** A timer: durations in nanoseconds into a {@link Distribution}. */
final class HdrTimer extends SeriesBase implements Timer {

    private final Distribution distribution;

    HdrTimer(MetricFamily family, Tags tags, Distribution distribution) {
        super(family, tags);
        this.distribution = distribution;
    }

    @Override
    public void recordNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("timer " + name() + tags() + " cannot record a negative duration: "
                    + nanos + " ns");
        }
        distribution.record(nanos);
    }

    @Override
    public DistributionSnapshot snapshot() {
        return distribution.snapshot();
    }
}
