package io.freelock.metrics.hdr;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.freelock.metrics.MetricNames;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.Tags;

/** All series of one metric name: one type, one set of tag keys, one description. */
final class MetricFamily {

    final String name;
    final MetricType type;
    final Set<String> tagKeys;
    final String description;
    /** Read without a lock by lookups; changed only under the registry's registration lock. */
    final ConcurrentMap<Tags, SeriesBase> series = new ConcurrentHashMap<>();

    MetricFamily(String name, MetricType type, Set<String> tagKeys, String description) {
        this.name = name;
        this.type = type;
        this.tagKeys = Set.copyOf(tagKeys);
        this.description = description;
    }

    /** @return the sample names the Prometheus exposition writes for this family */
    List<String> exportedNames() {
        return exportedNames(name, type);
    }

    static List<String> exportedNames(String name, MetricType type) {
        switch (type) {
            case COUNTER: return List.of(name + MetricNames.COUNTER_SUFFIX);
            case GAUGE: return List.of(name);
            default: return List.of(name, name + "_count", name + "_sum", name + "_max");
        }
    }
}
