package io.freelock.metrics.hdr;

import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.Tags;

/** What every series of this registry shares: its family and its tags. */
abstract class SeriesBase implements Metric {

    final MetricFamily family;
    private final Tags tags;

    SeriesBase(MetricFamily family, Tags tags) {
        this.family = family;
        this.tags = tags;
    }

    @Override
    public final String name() {
        return family.name;
    }

    @Override
    public final Tags tags() {
        return tags;
    }

    @Override
    public final MetricType type() {
        return family.type;
    }

    @Override
    public final String description() {
        return family.description;
    }

    /** @return whether its value comes from its owner's supplier, so that nobody else may record into it */
    boolean suppliedByOwner() {
        return false;
    }

    @Override
    public String toString() {
        return family.type.label() + " " + family.name + tags;
    }
}
