package io.freelock.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A value read when asked (a queue's size, the number of pending proposals). The registry calls the
 * supplier it was given each time the value is exported, from the exporter's thread, so the supplier must
 * be cheap and thread-safe. Remove the gauge with {@link MetricsRegistry#remove(Metric)} when what it reads
 * goes away, or the registry keeps the supplier, and what it refers to, alive.
 */
@ProviderType
public interface Gauge extends Metric {

    /** @return the supplier's current value; {@code NaN} if the supplier threw */
    double value();
}
