package io.freelock.console;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.freelock.metrics.Counter;
import io.freelock.metrics.MetricsRegistry;
import io.freelock.metrics.Tags;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;

/**
 * Elements per second taken from each managed queue over the last second. The queue manager reports what leaves a
 * queue to the metrics registry ({@value #POLLED}, tagged {@code queue}); this looks that counter up and reads it
 * once a second on a thread of its own.
 */
final class QueueThroughput {

    static final String POLLED = "freelock_queue_polled";
    private static final long PERIOD_MILLIS = 1000;

    private final QueueManager manager;
    private final Supplier<MetricsRegistry> registry;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "freelock-console-throughput");
        thread.setDaemon(true);
        return thread;
    });
    /** The registry the counters below came from: another one means new handles. */
    private MetricsRegistry source;
    private final Map<String, Sample> last = new ConcurrentHashMap<>();
    private final Map<String, Double> perSecond = new ConcurrentHashMap<>();

    private record Sample(Counter counter, long count, long nanos) {
    }

    QueueThroughput(QueueManager manager, Supplier<MetricsRegistry> registry) {
        this.manager = manager;
        this.registry = registry;
    }

    void start() {
        ticker.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        ticker.shutdownNow();
    }

    /** @return elements a second, or null while unknown (no metrics registry, or not yet two samples) */
    Double perSecond(String queue) {
        return perSecond.get(queue);
    }

    /** Runs on the ticker thread only, so the fields it changes need no lock. */
    private void sample() {
        MetricsRegistry now = registry.get();
        if (now != source) {
            source = now;
            last.clear();
            perSecond.clear();
        }
        if (now == null) {
            return;
        }
        Map<String, Sample> seen = new HashMap<>();
        for (ManagedQueue<?> queue : manager.queues()) {
            try {
                Sample before = last.get(queue.name());
                Counter counter = before != null ? before.counter()
                        : now.findCounter(POLLED, Tags.of("queue", queue.name())).orElse(null);
                if (counter == null) {
                    continue; // the manager has not reported this queue (yet): no figure
                }
                Sample sample = new Sample(counter, counter.count(), System.nanoTime());
                if (before != null && sample.nanos() > before.nanos()) {
                    perSecond.put(queue.name(), (sample.count() - before.count()) * 1e9 / (sample.nanos() - before.nanos()));
                }
                seen.put(queue.name(), sample);
            } catch (RuntimeException e) {
                // the registry went away mid-sample, or refuses the name: no figure for this queue this second
                perSecond.remove(queue.name());
            }
        }
        last.clear();
        last.putAll(seen);
        perSecond.keySet().retainAll(seen.keySet());
    }
}
