package io.freelock.metrics.hdr;

import java.util.List;

/**
 * The registry's read side, for this bundle's exporters (HTTP, JMX, shell). A service of its own, under a
 * type no other bundle can see, so that the exporters bind to this bundle's registry and no other.
 */
public interface MetricsSource {

    /** @return every metric name with its series, sorted by name */
    List<FamilySnapshot> families();

    /** Adds {@code listener} and tells it of every series already there, as one step. */
    void addListener(SeriesListener listener);

    void removeListener(SeriesListener listener);
}
