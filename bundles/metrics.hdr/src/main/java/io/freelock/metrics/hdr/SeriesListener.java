package io.freelock.metrics.hdr;

import io.freelock.metrics.Metric;

/** Told of series as they are registered and removed, under the registry's registration lock: be quick. */
public interface SeriesListener {

    void added(Metric series);

    void removed(Metric series);
}
