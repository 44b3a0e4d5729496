/**
 * Freelock's metrics contract: a {@link io.freelock.metrics.MetricsRegistry} service that hands out
 * {@link io.freelock.metrics.Counter counters}, {@link io.freelock.metrics.Gauge gauges},
 * {@link io.freelock.metrics.Timer timers} and {@link io.freelock.metrics.Histogram histograms}, each
 * identified by a name and a set of {@link io.freelock.metrics.Tags tags} (Prometheus calls them labels).
 *
 * <h2>Recording is lock-free</h2>
 * Getting or creating a metric may take a lock and should be done once, outside the hot path; keep the
 * handle. Recording through a handle ({@code increment}, {@code add}, {@code recordNanos}, {@code record})
 * never takes a lock and never blocks.
 *
 * <h2>Naming rules</h2>
 * They are Prometheus's, a little stricter, so that every name exports unchanged:
 * <ul>
 * <li>a metric name matches {@code [a-zA-Z_][a-zA-Z0-9_]*}, is at most {@value MetricNames#MAX_NAME_LENGTH}
 * characters and does not start with {@code __} (reserved by Prometheus); colons, which Prometheus keeps for
 * recording rules, are refused;</li>
 * <li>a counter's name does not end in {@code _total}: the exposition adds it;</li>
 * <li>a tag key follows the same pattern, at most {@value MetricNames#MAX_TAG_KEY_LENGTH} characters, does
 * not start with {@code __}, and is neither {@code quantile} nor {@code le} (the exposition uses them);</li>
 * <li>a tag value is any text of 1 to {@value MetricNames#MAX_TAG_VALUE_LENGTH} characters without control
 * characters (an empty value would mean "no such label" to Prometheus);</li>
 * <li>one name is one metric: registering it again with another type, or with another set of tag keys, is
 * refused with a {@link io.freelock.metrics.MetricConflictException}, and so is a name whose exported series
 * would collide with another metric's (a gauge {@code x_count} next to a timer {@code x}).</li>
 * </ul>
 * Bad input is refused with an {@link java.lang.IllegalArgumentException} whose message names the bad part;
 * nothing is sanitized silently. Timers are exported in seconds: name them {@code ..._seconds}.
 */
@Export
@Version("1.3.0")
package io.freelock.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
