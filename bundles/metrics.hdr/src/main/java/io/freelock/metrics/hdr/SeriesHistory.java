package io.freelock.metrics.hdr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.freelock.metrics.Counter;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.Timer;

/**
 * The last {@value #POINTS} values of every series, one taken per {@link #sample()}, for the console's charts: a
 * counter as its rate per second since the sample before, a gauge as its value, a timer as its 99th percentile in
 * seconds, a histogram as its 99th percentile.
 */
final class SeriesHistory {

    static final int POINTS = 60;

    private final Supplier<List<FamilySnapshot>> families;
    private final Map<Metric, double[]> points = new ConcurrentHashMap<>();
    /** How many samples each series has had; the newest point of a series is at (count - 1) % POINTS. */
    private final Map<Metric, Long> counts = new ConcurrentHashMap<>();
    private final Map<Counter, long[]> lastCount = new HashMap<>(); // sampler thread only: {count, nanoTime}

    SeriesHistory(Supplier<List<FamilySnapshot>> families) {
        this.families = families;
    }

    /** Takes one point of every series; called from one thread at a time. */
    synchronized void sample() {
        long now = System.nanoTime();
        Map<Metric, Boolean> live = new HashMap<>();
        for (FamilySnapshot family : families.get()) {
            for (Metric series : family.series()) {
                live.put(series, Boolean.TRUE);
                Double value = value(series, now);
                if (value != null) {
                    long n = counts.merge(series, 1L, Long::sum);
                    points.computeIfAbsent(series, s -> new double[POINTS])[(int) ((n - 1) % POINTS)] = value;
                }
            }
        }
        points.keySet().retainAll(live.keySet());
        counts.keySet().retainAll(live.keySet());
        lastCount.keySet().retainAll(live.keySet());
    }

    private Double value(Metric series, long now) {
        if (series.type() == MetricType.COUNTER) {
            Counter counter = (Counter) series;
            long count = counter.count();
            long[] before = lastCount.put(counter, new long[] {count, now});
            return before == null || now == before[1] ? null : (count - before[0]) * 1e9 / (now - before[1]);
        }
        if (series.type() == MetricType.GAUGE) {
            return ((Gauge) series).value();
        }
        if (series.type() == MetricType.TIMER) {
            return ((Timer) series).snapshot().valueAtQuantile(0.99) / 1e9;
        }
        return (double) ((Histogram) series).snapshot().valueAtQuantile(0.99);
    }

    /** @return the series' points, oldest first; empty if it has none yet */
    synchronized List<Double> of(Metric series) {
        double[] ring = points.get(series);
        Long n = counts.get(series);
        List<Double> ordered = new ArrayList<>();
        if (ring == null || n == null) {
            return ordered;
        }
        long first = Math.max(0, n - POINTS);
        for (long i = first; i < n; i++) {
            ordered.add(ring[(int) (i % POINTS)]);
        }
        return ordered;
    }
}
