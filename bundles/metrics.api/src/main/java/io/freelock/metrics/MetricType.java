package io.freelock.metrics;

import java.util.Locale;

/** What kind of value a metric holds. */
public enum MetricType {
    /** A count that only goes up. */
    COUNTER,
    /** A value read when asked, that may go up and down. */
    GAUGE,
    /** A distribution of durations, recorded in nanoseconds and exported in seconds. */
    TIMER,
    /** A distribution of non-negative whole numbers (sizes, retries, batch lengths). */
    HISTOGRAM;

    /** @return the name in lower case, as messages and tables show it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
