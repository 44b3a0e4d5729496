package io.freelock.metrics.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.metrics.Counter;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

/** What the console's Metrics page charts: the last points of every series, oldest first. */
class SeriesHistoryTest {

    private final HdrMetricsRegistry registry = new HdrMetricsRegistry(3);
    private final SeriesHistory history = new SeriesHistory(registry::families);

    @Test
    void aGaugeIsChartedByItsValueAndOnlyTheLastPointsAreKept() {
        AtomicLong value = new AtomicLong();
        Gauge gauge = registry.gauge("g_items", "", Tags.empty(), value::get);
        for (int i = 1; i <= SeriesHistory.POINTS + 5; i++) {
            value.set(i);
            history.sample();
        }
        List<Double> points = history.of(gauge);
        assertEquals(SeriesHistory.POINTS, points.size());
        assertEquals(6.0, points.get(0));
        assertEquals(SeriesHistory.POINTS + 5.0, points.get(points.size() - 1));
    }

    @Test
    void aCounterIsChartedAsARateFromItsSecondSampleOn() {
        Counter counter = registry.counter("c_events", Tags.empty());
        history.sample();
        assertTrue(history.of(counter).isEmpty(), "one sample gives no rate yet");
        counter.add(1_000);
        history.sample();
        List<Double> points = history.of(counter);
        assertEquals(1, points.size());
        assertTrue(points.get(0) > 0, "events between the samples make a positive rate: " + points);
        history.sample();
        assertEquals(0.0, history.of(counter).get(1), "no events, no rate");
    }

    @Test
    void aTimerIsChartedByItsNinetyNinthPercentileInSecondsAndARemovedSeriesIsForgotten() {
        Timer timer = registry.timer("t_seconds", Tags.empty());
        timer.recordNanos(2_000_000);
        history.sample();
        assertEquals(0.002, history.of(timer).get(0), 0.002 * 0.001);
        registry.remove(timer);
        history.sample();
        assertTrue(history.of(timer).isEmpty());
    }

    @Test
    void aSparkLineSpansThePointsItHas() {
        String svg = SparkLine.svg(List.of(1.0, 3.0, 2.0));
        assertTrue(svg.contains("points='1.0,22.0 90.0,2.0 179.0,12.0'"), svg);
        assertTrue(!SparkLine.svg(List.of(5.0)).contains("polyline"), "one point draws no line");
    }
}
