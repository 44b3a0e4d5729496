package io.freelock.metrics.hdr;

import java.util.concurrent.atomic.LongAdder;

import io.freelock.metrics.Counter;
import io.freelock.metrics.Tags;

/** A counter on a {@link LongAdder}: contended increments spread over cells instead of fighting for one. */
final class AdderCounter extends SeriesBase implements Counter {

    private final LongAdder count = new LongAdder();

    AdderCounter(MetricFamily family, Tags tags) {
        super(family, tags);
    }

    @Override
    public void increment() {
        count.increment();
    }

    @Override
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter " + name() + tags() + " cannot go down: add(" + amount + ")");
        }
        count.add(amount);
    }

    @Override
    public long count() {
        return count.sum();
    }
}
