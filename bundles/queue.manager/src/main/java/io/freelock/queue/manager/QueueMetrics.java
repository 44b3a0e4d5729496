package io.freelock.queue.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricsRegistry;
import io.freelock.metrics.Tags;

/**
 * Reports every managed queue into the metrics registry while there is one: offered and polled elements,
 * size, swaps, migrated elements and the longest consumer gap, tagged with the queue's name. It lives and
 * dies with the registry (a static reference), so the queues work without it and start reporting when it
 * appears.
 */
@Component(immediate = true)
public final class QueueMetrics {

    private final MetricsRegistry registry;
    private final OpenQueues manager;
    private final Consumer<HotSwapQueue<?>> onOpen = this::report;
    /** What each queue registered, to remove when the registry or the manager goes. */
    private final Map<String, List<Metric>> registered = new ConcurrentHashMap<>();

    @Activate
    public QueueMetrics(@Reference MetricsRegistry registry, @Reference OpenQueues manager) {
        this.registry = registry;
        this.manager = manager;
        manager.observe(onOpen);
    }

    @Deactivate
    void deactivate() {
        manager.unobserve(onOpen);
        for (HotSwapQueue<?> queue : manager.managedQueues()) {
            queue.metering(false);
        }
        registered.values().forEach(metrics -> metrics.forEach(registry::remove));
        registered.clear();
    }

    private void report(HotSwapQueue<?> queue) {
        Tags tags = Tags.of("queue", queue.name());
        registered.computeIfAbsent(queue.name(), name -> {
            // From the queue's own counts: free for stages on a counting queue (the rings), counted per call for
            // the others while metering is on
            queue.metering(true);
            List<Metric> metrics = new ArrayList<>(List.of(
                    registry.counter("freelock_queue_offered", "Elements a managed queue accepted.", tags,
                            queue::offeredCount),
                    registry.counter("freelock_queue_polled", "Elements taken from a managed queue.", tags,
                            queue::polledCount),
                    registry.gauge("freelock_queue_size", "Elements in a managed queue.", tags, queue::size),
                    registry.counter("freelock_queue_swaps", "Times a managed queue changed driver.", tags,
                            () -> queue.stats().swaps()),
                    registry.counter("freelock_queue_migrated", "Elements a managed queue held in its old driver's queue when it swapped, taken from there afterwards.",
                            tags, () -> queue.stats().migrated()),
                    registry.gauge("freelock_queue_longest_gap_seconds",
                            "Longest time a consumer waited for an older driver's queue to finish.", tags,
                            () -> queue.stats().longestConsumerGapNanos() / 1e9)));
            return metrics;
        });
    }
}
