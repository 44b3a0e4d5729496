package io.freelock.metrics.hdr;

import java.util.List;

import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricType;

/**
 * One metric name and its series as they were when the exporter asked, series sorted by tags. The series
 * are the live handles: reading them gives current values.
 */
public final class FamilySnapshot {

    private final String name;
    private final MetricType type;
    private final String description;
    private final List<Metric> series;

    FamilySnapshot(String name, MetricType type, String description, List<Metric> series) {
        this.name = name;
        this.type = type;
        this.description = description;
        this.series = List.copyOf(series);
    }

    public String name() {
        return name;
    }

    public MetricType type() {
        return type;
    }

    public String description() {
        return description;
    }

    public List<Metric> series() {
        return series;
    }
}
