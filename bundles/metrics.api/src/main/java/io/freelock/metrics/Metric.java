package io.freelock.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** One series: a metric name with one set of tag values. */
@ProviderType
public interface Metric {

    /** @return the metric's name, as it was registered */
    String name();

    /** @return the tags that tell this series apart from the others of the same name */
    Tags tags();

    /** @return what kind of value this is */
    MetricType type();

    /** @return what the metric measures, as given when its name was first registered; may be empty */
    String description();
}
