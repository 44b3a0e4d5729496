package io.freelock.metrics.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.freelock.metrics.Counter;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

/** What {@link PrometheusText} writes, read back by a strict parser and compared with what was recorded. */
class PrometheusTextTest {

    private final HdrMetricsRegistry registry = new HdrMetricsRegistry(3);

    @Test
    void countersGaugesTimersAndHistogramsRoundTrip() {
        Counter orders = registry.counter("queue_offered", "Elements offered to a queue.", Tags.of("queue", "orders"));
        Counter chat = registry.counter("queue_offered", Tags.of("queue", "chat"));
        orders.add(42);
        chat.increment();
        registry.gauge("queue_size", "", Tags.of("queue", "orders"), () -> 7);
        registry.gauge("load", "", Tags.empty(), () -> 0.25);
        Timer apply = registry.timer("apply_seconds", "Time to apply an operation.", Tags.of("op", "roll"));
        for (int ms = 1; ms <= 1000; ms++) {
            apply.record(ms, TimeUnit.MILLISECONDS);
        }
        Histogram retries = registry.histogram("cas_retries", Tags.empty());
        for (int i = 0; i < 10; i++) {
            retries.record(i < 9 ? 0 : 5);
        }

        Exposition parsed = Exposition.parse(PrometheusText.write(registry.families()));

        assertEquals(Map.of("queue_offered_total", "counter", "queue_size", "gauge", "load", "gauge",
                "apply_seconds", "summary", "apply_seconds_max", "gauge", "cas_retries", "summary",
                "cas_retries_max", "gauge"), parsed.types);
        assertEquals("Elements offered to a queue.", parsed.help.get("queue_offered_total"));
        assertEquals(42, parsed.value("queue_offered_total", Map.of("queue", "orders")));
        assertEquals(1, parsed.value("queue_offered_total", Map.of("queue", "chat")));
        assertEquals(7, parsed.value("queue_size", Map.of("queue", "orders")));
        assertEquals(0.25, parsed.value("load", Map.of()));

        assertEquals(1000, parsed.value("apply_seconds_count", Map.of("op", "roll")));
        assertEquals(500.5, parsed.value("apply_seconds_sum", Map.of("op", "roll")), 1e-9); // 1+2+...+1000 ms
        assertEquals(1.0, parsed.value("apply_seconds_max", Map.of("op", "roll")));
        assertEquals(0.5, parsed.value("apply_seconds", Map.of("op", "roll", "quantile", "0.5")), 0.0005);
        assertEquals(0.99, parsed.value("apply_seconds", Map.of("op", "roll", "quantile", "0.99")), 0.001);
        assertEquals(0.999, parsed.value("apply_seconds", Map.of("op", "roll", "quantile", "0.999")), 0.001);

        assertEquals(10, parsed.value("cas_retries_count", Map.of()));
        assertEquals(5, parsed.value("cas_retries_sum", Map.of()));
        assertEquals(0, parsed.value("cas_retries", Map.of("quantile", "0.5")));
        assertEquals(5, parsed.value("cas_retries", Map.of("quantile", "0.99")));
        assertEquals(5, parsed.value("cas_retries_max", Map.of()));
        assertEquals(2 + 2 + 6 * 2, parsed.samples.size()); // a summary: 3 quantiles, count, sum, max
    }

    @Test
    void awkwardTagValuesAreEscapedAndComeBackUnchanged() {
        String value = "a \"quoted\" back\\slash, {brace}=日本";
        registry.counter("odd", Tags.of("v", value)).increment();
        String text = PrometheusText.write(registry.families());
        assertTrue(text.contains("odd_total{v=\"a \\\"quoted\\\" back\\\\slash, {brace}=日本\"} 1\n"), text);
        assertEquals(1, Exposition.parse(text).value("odd_total", Map.of("v", value)));
    }

    @Test
    void helpTextIsEscaped() {
        registry.counter("c", "line one\nline two \\ end", Tags.empty());
        String text = PrometheusText.write(registry.families());
        assertTrue(text.startsWith("# HELP c_total line one\\nline two \\\\ end\n# TYPE c_total counter\n"), text);
        assertEquals("line one\nline two \\ end", Exposition.parse(text).help.get("c_total"));
    }

    @Test
    void anEmptyRegistryWritesNothingAndAnEmptyTimerWritesZeros() {
        assertEquals("", PrometheusText.write(registry.families()));
        registry.timer("idle_seconds", Tags.empty());
        Exposition parsed = Exposition.parse(PrometheusText.write(registry.families()));
        assertEquals(0, parsed.value("idle_seconds_count", Map.of()));
        assertEquals(0, parsed.value("idle_seconds", Map.of("quantile", "0.999")));
        assertEquals(0, parsed.value("idle_seconds_max", Map.of()));
    }

    @Test
    void aGaugeThatFailsIsWrittenAsNaNAndTheRestStillIs() {
        registry.gauge("broken", "", Tags.empty(), () -> {
            throw new IllegalStateException("owner gone");
        });
        registry.counter("fine", Tags.empty()).add(3);
        Exposition parsed = Exposition.parse(PrometheusText.write(registry.families()));
        assertTrue(Double.isNaN(parsed.value("broken", Map.of())));
        assertEquals(3, parsed.value("fine_total", Map.of()));
    }

    @Test
    void familiesAreSortedAndEachIsWrittenInOnePiece() {
        registry.counter("b", Tags.of("k", "2")).increment();
        registry.timer("a_seconds", Tags.of("k", "1")).recordNanos(5);
        registry.counter("b", Tags.of("k", "1")).increment();
        registry.timer("a_seconds", Tags.of("k", "2")).recordNanos(5);
        String text = PrometheusText.write(registry.families());
        Exposition.parse(text); // refuses a split family
        List<String> typeLines = text.lines().filter(l -> l.startsWith("# TYPE")).toList();
        assertEquals(List.of("# TYPE a_seconds summary", "# TYPE a_seconds_max gauge", "# TYPE b_total counter"),
                typeLines);
        assertTrue(text.indexOf("b_total{k=\"1\"}") < text.indexOf("b_total{k=\"2\"}"), text);
    }

    @Test
    void theParserRefusesWhatPrometheusWould() {
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("x 1\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("# TYPE x gauge\nx{a=\"1\"} 1\n# TYPE y gauge\ny 1\nx{a=\"2\"} 2\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("# TYPE x gauge\nx 1\nx 2\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("# TYPE x summary\nx 1\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("# TYPE x gauge\nx one\n"));
        assertThrows(IllegalArgumentException.class, () -> Exposition.parse("# TYPE x gauge\nx{a=\"\\q\"} 1\n"));
    }

    @Test
    void numbersAreWrittenAsPrometheusReadsThem() {
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("42", PrometheusText.number(42));
        assertEquals("0.001", PrometheusText.number(0.001));
        assertEquals("1.0E-7", PrometheusText.number(1e-7));
        assertEquals(1e-7, Double.parseDouble(PrometheusText.number(1e-7)));
    }

    @Test
    void theContentTypeIsVersion004() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", PrometheusText.CONTENT_TYPE);
    }
}
