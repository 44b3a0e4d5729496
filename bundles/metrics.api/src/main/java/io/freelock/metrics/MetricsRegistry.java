package io.freelock.metrics;

import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Hands out metrics by name and tags, the service every Freelock bundle reports into. Bind it as an
 * optional, dynamic reference: a bundle must work without it and start reporting when it appears.
 * <p>
 * Asking twice for the same name, type and tags returns the same series, so two callers count into one
 * counter. Getting a metric may take a lock: do it once and keep the handle; recording through the handle
 * never does. See the package description for the naming rules and what is refused.
 */
@ProviderType
public interface MetricsRegistry {

    /**
     * @param description what it counts, for # HELP; used only when the name is first registered; may be empty
     * @return the counter of that name and tags, created if new
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise
     */
    Counter counter(String name, String description, Tags tags);

    /** As {@link #counter(String, String, Tags)}, with no description. */
    default Counter counter(String name, Tags tags) {
        return counter(name, "", tags);
    }

    /**
     * Registers a counter whose total its owner keeps and {@code total} reads whenever it is exported: for
     * counts a component keeps anyway, so that they are not counted twice. The supplier must never go down.
     * The returned counter's {@code increment} and {@code add} throw {@link UnsupportedOperationException}.
     *
     * @return the new counter
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise, or a counter of that name and tags
     *         is already registered
     */
    Counter counter(String name, String description, Tags tags, LongSupplier total);

    /**
     * Looks a counter up without creating it or recording into it: for a reader of what another component counts
     * (an operator page showing a rate), whether that component records into the counter or keeps its total
     * itself. The counter's {@code count()} reads the current total; recording into it is for its owner only.
     *
     * @return the counter of that name and tags, or empty if none is registered
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered as another type
     * @since 1.3
     */
    Optional<Counter> findCounter(String name, Tags tags);

    /**
     * Registers a gauge that reads {@code value} whenever it is exported.
     *
     * @return the new gauge
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise, or a gauge of that name and tags
     *         is already registered (remove it first: a second supplier would silently replace the first)
     */
    Gauge gauge(String name, String description, Tags tags, DoubleSupplier value);

    /**
     * @return the timer of that name and tags, created if new
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise
     */
    Timer timer(String name, String description, Tags tags);

    /** As {@link #timer(String, String, Tags)}, with no description. */
    default Timer timer(String name, Tags tags) {
        return timer(name, "", tags);
    }

    /**
     * Registers a timer whose distribution its owner keeps, in nanoseconds, and {@code snapshot} reads whenever it is
     * exported: for durations a component measures anyway (an engine's apply latency), so that they are not recorded
     * twice. It is exported as any timer is: a summary in seconds with its quantiles. The returned timer's
     * {@code recordNanos} throws {@link UnsupportedOperationException}.
     *
     * @return the new timer
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise, or a timer of that name and tags is
     *         already registered
     * @since 1.2
     */
    Timer timer(String name, String description, Tags tags, Supplier<DistributionSnapshot> snapshot);

    /**
     * @return the histogram of that name and tags, created if new
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise
     */
    Histogram histogram(String name, String description, Tags tags);

    /** As {@link #histogram(String, String, Tags)}, with no description. */
    default Histogram histogram(String name, Tags tags) {
        return histogram(name, "", tags);
    }

    /**
     * Registers a histogram whose distribution its owner keeps and {@code snapshot} reads whenever it is exported,
     * as {@link #timer(String, String, Tags, Supplier)} does for durations. The returned histogram's {@code record}
     * throws {@link UnsupportedOperationException}.
     *
     * @return the new histogram
     * @throws IllegalArgumentException if the name or tags break the rules
     * @throws MetricConflictException if the name is registered otherwise, or a histogram of that name and tags is
     *         already registered
     * @since 1.2
     */
    Histogram histogram(String name, String description, Tags tags, Supplier<DistributionSnapshot> snapshot);

    /**
     * Stops exporting a series, for when what it measures is gone (a queue closed). Recording through a
     * removed handle is harmless and goes nowhere. When a name's last series goes, the name is free again.
     *
     * @return whether the series was registered here
     */
    boolean remove(Metric metric);
}
