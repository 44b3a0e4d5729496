package io.freelock.metrics.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.freelock.metrics.Counter;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricConflictException;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

class HdrMetricsRegistryTest {

    private final HdrMetricsRegistry registry = new HdrMetricsRegistry(3);

    @Test
    void theSameNameTypeAndTagsGiveTheSameSeries() {
        Counter a = registry.counter("offered", Tags.of("queue", "orders"));
        Counter b = registry.counter("offered", "ignored: the first description stays", Tags.of("queue", "orders"));
        Counter other = registry.counter("offered", Tags.of("queue", "chat"));
        assertSame(a, b);
        assertFalse(a == other);
        a.increment();
        b.add(2);
        assertEquals(3, a.count());
        assertEquals(0, other.count());
    }

    @Test
    void concurrentIncrementsAreCountedExactly() throws Exception {
        Counter counter = registry.counter("moves", Tags.empty());
        int threads = 8;
        int perThread = 250_000;
        runConcurrently(threads, i -> {
            for (int n = 0; n < perThread; n++) {
                if ((n & 1) == 0) {
                    counter.increment();
                } else {
                    counter.add(3);
                }
            }
        });
        assertEquals((long) threads * perThread / 2 * 4, counter.count());
    }

    @Test
    void concurrentTimerSamplesAreCountedSummedAndMaxedExactly() throws Exception {
        Timer timer = registry.timer("apply_seconds", Tags.of("op", "roll"));
        int threads = 4;
        int perThread = 100_000;
        runConcurrently(threads, i -> {
            for (int n = 1; n <= perThread; n++) {
                timer.recordNanos(n + i); // thread i records i+1 .. i+perThread
            }
        });
        DistributionSnapshot snapshot = timer.snapshot();
        assertEquals((long) threads * perThread, snapshot.count());
        long expectedSum = 0;
        for (int i = 0; i < threads; i++) {
            expectedSum += (long) perThread * (perThread + 1) / 2 + (long) i * perThread;
        }
        assertEquals(expectedSum, snapshot.sum());
        assertEquals(perThread + threads - 1, snapshot.max());
    }

    @Test
    void aCounterKeptByItsOwnerReadsItsSupplierAndTakesNoIncrements() {
        long[] total = {41};
        Counter kept = registry.counter("owned_events", "kept elsewhere", Tags.of("owner", "test"), () -> total[0]);
        assertEquals(41, kept.count());
        total[0] = 42;
        assertEquals(42, kept.count());
        assertThrows(UnsupportedOperationException.class, kept::increment);
        assertThrows(UnsupportedOperationException.class, () -> kept.add(1));
        MetricConflictException twice = assertThrows(MetricConflictException.class,
                () -> registry.counter("owned_events", "", Tags.of("owner", "test"), () -> 0));
        assertTrue(twice.getMessage().contains("already registered"), twice.getMessage());
        MetricConflictException pushed = assertThrows(MetricConflictException.class,
                () -> registry.counter("owned_events", Tags.of("owner", "test")));
        assertTrue(pushed.getMessage().contains("kept by its owner's supplier"), pushed.getMessage());
        assertEquals(42, kept.count(), "the refused registrations changed nothing");
    }

    @Test
    void findingACounterReadsItWhoeverKeepsItAndCreatesNothing() {
        Tags tags = Tags.of("queue", "a");
        assertTrue(registry.findCounter("taken", tags).isEmpty());
        assertTrue(registry.findCounter("taken", tags).isEmpty(), "a miss registers nothing");

        Counter recorded = registry.counter("taken", tags);
        recorded.add(5);
        assertSame(recorded, registry.findCounter("taken", tags).orElseThrow());
        assertTrue(registry.findCounter("taken", Tags.of("queue", "b")).isEmpty(), "another series of the family");

        long[] total = {7};
        registry.counter("kept", "", tags, () -> total[0]);
        Counter found = registry.findCounter("kept", tags).orElseThrow();
        total[0] = 9;
        assertEquals(9, found.count(), "reads the owner's supplier");

        registry.gauge("level", "", tags, () -> 1);
        assertThrows(MetricConflictException.class, () -> registry.findCounter("level", tags));
        assertThrows(MetricConflictException.class, () -> registry.findCounter("taken", Tags.of("other", "a")));
        assertThrows(IllegalArgumentException.class, () -> registry.findCounter("not a name", tags));
    }

    @Test
    void quantilesOfAKnownDistributionAreWithinThePrecision() {
        Histogram histogram = registry.histogram("batch_size", Tags.empty());
        for (long v = 1; v <= 100_000; v++) {
            histogram.record(v);
        }
        DistributionSnapshot snapshot = histogram.snapshot();
        assertEquals(100_000, snapshot.count());
        assertEquals(100_000L * 100_001 / 2, snapshot.sum());
        assertEquals(100_000, snapshot.max());
        assertEquals(50_000.5, snapshot.mean(), 1e-9);
        // Three significant digits: each answer is within 0.1% of the true quantile of 1..100000.
        assertWithin(50_000, snapshot.valueAtQuantile(0.5), 0.001);
        assertWithin(99_000, snapshot.valueAtQuantile(0.99), 0.001);
        assertWithin(99_900, snapshot.valueAtQuantile(0.999), 0.001);
        assertEquals(100_000, snapshot.valueAtQuantile(1.0));
        assertThrows(IllegalArgumentException.class, () -> snapshot.valueAtQuantile(1.5));
    }

    @Test
    void fewerDigitsMeanCoarserButStillBoundedQuantiles() {
        Timer timer = new HdrMetricsRegistry(2).timer("t_seconds", Tags.empty());
        for (long v = 1; v <= 100_000; v++) {
            timer.recordNanos(v * 1_000); // 1 µs .. 100 ms
        }
        assertWithin(99_000_000, timer.snapshot().valueAtQuantile(0.99), 0.01);
    }

    @Test
    void snapshotsAccumulateAcrossReads() {
        Timer timer = registry.timer("t_seconds", Tags.empty());
        timer.record(2, TimeUnit.MILLISECONDS);
        assertEquals(1, timer.snapshot().count());
        timer.record(java.time.Duration.ofMillis(4));
        timer.time(() -> { });
        assertEquals("done", timer.time(() -> "done"));
        DistributionSnapshot snapshot = timer.snapshot();
        assertEquals(4, snapshot.count());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(4), snapshot.max());
        assertTrue(snapshot.sum() >= TimeUnit.MILLISECONDS.toNanos(6), snapshot.toString());
    }

    @Test
    void valuesAboveTheCeilingKeepAnExactMaxAndSum() {
        Timer timer = registry.timer("slow_seconds", Tags.empty());
        long twoHours = TimeUnit.HOURS.toNanos(2);
        timer.recordNanos(twoHours);
        DistributionSnapshot snapshot = timer.snapshot();
        assertEquals(twoHours, snapshot.max());
        assertEquals(twoHours, snapshot.sum());
        assertWithin(HdrMetricsRegistry.TIMER_CEILING_NANOS, snapshot.valueAtQuantile(0.5), 0.001);
    }

    @Test
    void negativeValuesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> registry.counter("c", Tags.empty()).add(-1)).getMessage().contains("cannot go down"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> registry.timer("t", Tags.empty()).recordNanos(-5)).getMessage().contains("negative duration"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> registry.histogram("h", Tags.empty()).record(-5)).getMessage().contains("negative value"));
    }

    @Test
    void badNamesAndTagsAreRefusedWithTheirMessage() {
        assertEquals("metric name 'queue-size' has '-' at index 5: use letters, digits and '_', not starting with a digit",
                assertThrows(IllegalArgumentException.class, () -> registry.counter("queue-size", Tags.empty())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.counter("sent_total", Tags.empty()))
                .getMessage().contains("leave it off"));
        assertThrows(IllegalArgumentException.class, () -> registry.timer("9lives", Tags.empty()));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("g", "", Tags.of("quantile", "x"), () -> 1));
        assertThrows(NullPointerException.class, () -> registry.counter("c", null));
        assertThrows(NullPointerException.class, () -> registry.gauge("g", "", Tags.empty(), null));
        assertTrue(registry.families().isEmpty(), "nothing was registered by a refused call");
    }

    @Test
    void aNameIsOneTypeAndTheOtherTypesAreRefused() {
        registry.counter("events", Tags.empty());
        MetricConflictException e = assertThrows(MetricConflictException.class,
                () -> registry.timer("events", Tags.empty()));
        assertEquals("metric events is a counter; it cannot also be a timer", e.getMessage());
        assertThrows(MetricConflictException.class, () -> registry.histogram("events", Tags.empty()));
        assertThrows(MetricConflictException.class, () -> registry.gauge("events", "", Tags.empty(), () -> 1));
        assertEquals(1, registry.families().size());
    }

    @Test
    void aNameHasOneSetOfTagKeys() {
        registry.counter("offered", Tags.of("queue", "a"));
        MetricConflictException e = assertThrows(MetricConflictException.class,
                () -> registry.counter("offered", Tags.of("queue", "b", "driver", "spsc")));
        assertEquals("metric offered has tag keys [queue]; every series of it must have the same, not [driver, queue]",
                e.getMessage());
        assertThrows(MetricConflictException.class, () -> registry.counter("offered", Tags.empty()));
    }

    @Test
    void exportedNamesMayNotCollide() {
        registry.timer("apply_seconds", Tags.empty());
        assertEquals("gauge apply_seconds_count would export apply_seconds_count, which timer apply_seconds already exports",
                assertThrows(MetricConflictException.class,
                        () -> registry.gauge("apply_seconds_count", "", Tags.empty(), () -> 1)).getMessage());
        registry.counter("sent", Tags.empty());
        assertThrows(MetricConflictException.class, () -> registry.gauge("sent_total", "", Tags.empty(), () -> 1));
        registry.gauge("depth", "", Tags.empty(), () -> 1);
        assertThrows(MetricConflictException.class, () -> registry.histogram("depth", Tags.empty()));
    }

    @Test
    void aSecondGaugeForTheSameSeriesIsRefusedUntilTheFirstIsRemoved() {
        Gauge first = registry.gauge("size", "", Tags.of("queue", "q"), () -> 1);
        assertThrows(MetricConflictException.class, () -> registry.gauge("size", "", Tags.of("queue", "q"), () -> 2));
        assertTrue(registry.remove(first));
        Gauge second = registry.gauge("size", "", Tags.of("queue", "q"), () -> 2);
        assertEquals(2.0, second.value());
    }

    @Test
    void aGaugeWhoseSupplierThrowsReadsNaN() {
        Gauge gauge = registry.gauge("broken", "", Tags.empty(), () -> {
            throw new IllegalStateException("gone");
        });
        assertTrue(Double.isNaN(gauge.value()));
    }

    @Test
    void removingTheLastSeriesFreesTheName() {
        Counter a = registry.counter("x", Tags.of("k", "a"));
        Counter b = registry.counter("x", Tags.of("k", "b"));
        assertTrue(registry.remove(a));
        assertFalse(registry.remove(a), "already removed");
        assertThrows(MetricConflictException.class, () -> registry.timer("x", Tags.empty()));
        assertTrue(registry.remove(b));
        Timer timer = registry.timer("x", Tags.empty());
        assertEquals("x", timer.name());
        assertFalse(registry.remove(new HdrMetricsRegistry(3).counter("x_other", Tags.empty())),
                "another registry's series");
    }

    @Test
    void listenersHearOfSeriesAlreadyThereAndOfChanges() {
        Counter early = registry.counter("early", Tags.empty());
        List<String> heard = new ArrayList<>();
        SeriesListener listener = new SeriesListener() {
            @Override
            public void added(Metric series) {
                heard.add("+" + series.name());
            }

            @Override
            public void removed(Metric series) {
                heard.add("-" + series.name());
            }
        };
        registry.addListener(listener);
        Counter late = registry.counter("late", Tags.empty());
        registry.counter("late", Tags.empty()); // the same series: no news
        registry.remove(early);
        registry.removeListener(listener);
        registry.remove(late);
        assertEquals(List.of("+early", "+late", "-early"), heard);
    }

    @Test
    void aBadSignificantDigitsSettingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HdrMetricsRegistry(0));
        assertThrows(IllegalArgumentException.class, () -> new HdrMetricsRegistry(6));
    }

    private static void assertWithin(long expected, long actual, double relative) {
        assertTrue(Math.abs(actual - expected) <= expected * relative,
                "expected " + expected + " within " + relative * 100 + "%, got " + actual);
    }

    /** Starts every worker at once and waits for all; a worker's failure fails the test. */
    private static void runConcurrently(int threads, Consumer<Integer> work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    work.accept(index);
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
