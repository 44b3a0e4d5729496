package io.freelock.metrics.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.MetricConflictException;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

/**
 * OpenMetrics 1.0.0 as {@link PrometheusText} writes it, the JVM and process families in both formats, summaries an
 * owner supplies, and how /metrics picks a format and an encoding, each read back by the strict {@link Exposition}.
 */
class OpenMetricsTextTest {

    private final HdrMetricsRegistry registry = new HdrMetricsRegistry(3);

    private String openMetrics() {
        return PrometheusText.write(PrometheusText.exposed(registry.families()), PrometheusText.Format.OPENMETRICS_1_0_0);
    }

    @Test
    void countersAreFamiliesWithoutTotalAndTheTextEndsWithEof() {
        registry.counter("queue_offered", "Elements \"offered\" to a queue.", Tags.of("queue", "orders")).add(42);
        registry.gauge("queue_size", "", Tags.of("queue", "orders"), () -> 7);
        Timer apply = registry.timer("apply_seconds", "Time to apply.", Tags.of("op", "roll"));
        for (int ms = 1; ms <= 100; ms++) {
            apply.record(ms, TimeUnit.MILLISECONDS);
        }
        String text = openMetrics();
        assertTrue(text.endsWith("\n# EOF\n"), text);
        assertTrue(text.contains("# TYPE queue_offered counter\nqueue_offered_total{queue=\"orders\"} 42\n"), text);
        // OpenMetrics escapes the quote in HELP as well
        assertTrue(text.contains("# HELP queue_offered Elements \\\"offered\\\" to a queue.\n"), text);

        Exposition parsed = Exposition.parseOpenMetrics(text);
        assertEquals(Map.of("queue_offered", "counter", "queue_size", "gauge", "apply_seconds", "summary",
                "apply_seconds_max", "gauge"), parsed.types);
        assertEquals("Elements \"offered\" to a queue.", parsed.help.get("queue_offered"));
        assertEquals(42, parsed.value("queue_offered_total", Map.of("queue", "orders")));
        assertEquals(100, parsed.value("apply_seconds_count", Map.of("op", "roll")));
        assertEquals(5.05, parsed.value("apply_seconds_sum", Map.of("op", "roll")), 1e-9);
        assertEquals(0.099, parsed.value("apply_seconds", Map.of("op", "roll", "quantile", "0.99")), 0.001);
    }

    @Test
    void anEmptyRegistryIsJustEof() {
        assertEquals("# EOF\n", openMetrics());
        Exposition.parseOpenMetrics("# EOF\n");
    }

    @Test
    void theOpenMetricsParserRefusesWhatTheFormatForbids() {
        assertThrows(IllegalArgumentException.class, () -> Exposition.parseOpenMetrics("# TYPE x gauge\nx 1\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parseOpenMetrics("# TYPE x counter\nx 1\n# EOF\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parseOpenMetrics("# TYPE x gauge\n\nx 1\n# EOF\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parseOpenMetrics("# EOF\n# TYPE x gauge\nx 1\n# EOF\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parseOpenMetrics("# TYPE x info\nx 1\n# EOF\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parseOpenMetrics("# HELP x a \"b\"\n# TYPE x gauge\nx 1\n# EOF\n"));
        Exposition.parseOpenMetrics("# TYPE x counter\nx_total 1\n# TYPE y info\ny_info{a=\"b\"} 1\n# EOF\n");
    }

    @Test
    void theJvmAndProcessFamiliesAreWellFormedInBothFormats() {
        registry.counter("fine", Tags.empty()).add(3);
        List<ExposedFamily> families = PrometheusText.exposed(registry.families());
        families.addAll(JvmFamilies.collect());

        Exposition text = Exposition.parse(PrometheusText.write(families, PrometheusText.Format.PROMETHEUS_0_0_4));
        Exposition open = Exposition.parseOpenMetrics(PrometheusText.write(families, PrometheusText.Format.OPENMETRICS_1_0_0));
        for (Exposition parsed : List.of(text, open)) {
            assertEquals(3, parsed.value("fine_total", Map.of()));
            assertTrue(parsed.value("jvm_memory_used_bytes", Map.of("area", "heap")) > 0);
            assertTrue(parsed.value("jvm_memory_used_bytes", Map.of("area", "nonheap")) > 0);
            assertTrue(parsed.value("jvm_threads_current", Map.of()) >= 1);
            assertTrue(parsed.value("jvm_threads_started_total", Map.of()) >= 1);
            assertTrue(parsed.value("jvm_classes_loaded_total", Map.of()) > 100);
            assertTrue(parsed.value("process_start_time_seconds", Map.of()) > 1.6e9); // after 2020
            assertTrue(parsed.value("process_cpu_seconds_total", Map.of()) > 0);
            assertTrue(parsed.samples.stream().anyMatch(s -> s.name().equals("jvm_gc_collection_seconds_count")));
            assertEquals(1, parsed.value("jvm_runtime_info", Map.of("runtime", System.getProperty("java.runtime.name"),
                    "vendor", System.getProperty("java.vm.vendor"), "version", System.getProperty("java.runtime.version"))));
            if (System.getProperty("os.name").equals("Linux")) {
                assertTrue(parsed.value("process_resident_memory_bytes", Map.of()) > 1 << 20);
                assertTrue(parsed.value("process_open_fds", Map.of()) > 0);
            }
        }
        assertEquals("gauge", text.types.get("jvm_runtime_info"));
        assertEquals("info", open.types.get("jvm_runtime"));
        assertEquals("counter", text.types.get("process_cpu_seconds_total"));
        assertEquals("counter", open.types.get("process_cpu_seconds"));
    }

    @Test
    void theRegistryRefusesNamesKeptForTheJvmAndProcessFamilies() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> registry.gauge("jvm_memory_used_bytes", "", Tags.empty(), () -> 1));
        assertEquals("metric name jvm_memory_used_bytes starts with jvm_, which is kept for the JVM and process "
                + "families /metrics adds", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.counter("process_restarts", Tags.empty()));
    }

    @Test
    void aSuppliedTimerIsASummaryWithQuantileLabelsThatNobodyElseRecordsInto() {
        DistributionSnapshot owned = new DistributionSnapshot() {
            @Override public long count() { return 4; }
            @Override public long sum() { return 10_000_000; }
            @Override public long max() { return 4_000_000; }
            @Override public long valueAtQuantile(double q) { return q < 0.9 ? 2_000_000 : 4_000_000; }
        };
        Timer timer = registry.timer("owned_seconds", "Kept by its owner.", Tags.of("game", "g"), () -> owned);
        assertThrows(UnsupportedOperationException.class, () -> timer.recordNanos(1));
        assertThrows(MetricConflictException.class, () -> registry.timer("owned_seconds", "", Tags.of("game", "g"), () -> owned));
        assertThrows(MetricConflictException.class, () -> registry.timer("owned_seconds", Tags.of("game", "g")));
        registry.histogram("owned_retries", "", Tags.empty(), () -> {
            throw new IllegalStateException("owner gone"); // the scrape goes on with an empty distribution
        });

        Exposition parsed = Exposition.parse(PrometheusText.write(registry.families()));
        assertEquals(0.002, parsed.value("owned_seconds", Map.of("game", "g", "quantile", "0.5")));
        assertEquals(0.004, parsed.value("owned_seconds", Map.of("game", "g", "quantile", "0.99")));
        assertEquals(4, parsed.value("owned_seconds_count", Map.of("game", "g")));
        assertEquals(0.01, parsed.value("owned_seconds_sum", Map.of("game", "g")), 1e-12);
        assertEquals(0.004, parsed.value("owned_seconds_max", Map.of("game", "g")));
        assertEquals(0, parsed.value("owned_retries_count", Map.of()));
        assertFalse(parsed.types.keySet().stream().anyMatch(name -> name.matches(".*_p\\d+.*")), parsed.types.toString());
    }

    @Test
    void openMetricsIsServedWhenTheAcceptHeaderAsksAndNotWhenItRefuses() {
        PrometheusText.Format om = PrometheusText.Format.OPENMETRICS_1_0_0;
        PrometheusText.Format text = PrometheusText.Format.PROMETHEUS_0_0_4;
        // what Prometheus 2.x and 3.x send
        assertEquals(om, MetricsServlet.format("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertEquals(om, MetricsServlet.format("Application/OpenMetrics-Text; version=1.0.0"));
        assertEquals(text, MetricsServlet.format(null));
        assertEquals(text, MetricsServlet.format("text/plain;version=0.0.4"));
        assertEquals(text, MetricsServlet.format("*/*"));
        assertEquals(text, MetricsServlet.format("application/openmetrics-text;q=0, text/plain"));
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", om.contentType);
    }

    @Test
    void gzipIsUsedWhenAcceptEncodingAllowsIt() {
        assertTrue(MetricsServlet.acceptsGzip("gzip, deflate, br"));
        assertTrue(MetricsServlet.acceptsGzip("deflate;q=1, GZIP;q=0.5"));
        assertTrue(MetricsServlet.acceptsGzip("*"));
        assertFalse(MetricsServlet.acceptsGzip(null));
        assertFalse(MetricsServlet.acceptsGzip("identity"));
        assertFalse(MetricsServlet.acceptsGzip("gzip;q=0"));
        assertFalse(MetricsServlet.acceptsGzip("gzip;q=nonsense"));
    }
}
