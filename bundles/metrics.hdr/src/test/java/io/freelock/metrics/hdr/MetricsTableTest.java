package io.freelock.metrics.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.freelock.metrics.Tags;

class MetricsTableTest {

    private final HdrMetricsRegistry registry = new HdrMetricsRegistry(3);

    @Test
    void oneRowPerSeriesUnderAHeader() {
        registry.counter("queue_offered", Tags.of("queue", "orders")).add(1_234_567);
        registry.gauge("queue_size", "", Tags.of("queue", "orders"), () -> 12);
        registry.timer("apply_seconds", Tags.empty()).record(3, TimeUnit.MILLISECONDS);
        String[] lines = MetricsTable.render(registry.families(), null).split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].matches("NAME +TAGS +TYPE +VALUE/COUNT +P50 +P99 +P99\\.9 +MAX"), lines[0]);
        assertTrue(lines[1].matches("apply_seconds +- +timer +1 +0\\.003 s +0\\.003 s +0\\.003 s +0\\.003 s"), lines[1]);
        assertTrue(lines[2].matches("queue_offered +\\{queue=\"orders\"\\} +counter +1,234,567"), lines[2]);
        assertTrue(lines[3].matches("queue_size +\\{queue=\"orders\"\\} +gauge +12"), lines[3]);
    }

    @Test
    void theFilterMatchesNamesAndTagsIgnoringCase() {
        registry.counter("queue_offered", Tags.of("queue", "orders")).increment();
        registry.counter("queue_offered", Tags.of("queue", "chat")).increment();
        registry.counter("cas_failures", Tags.empty()).increment();
        assertEquals(3, MetricsTable.render(registry.families(), "QUEUE").split("\n").length);
        String chat = MetricsTable.render(registry.families(), "queue=chat");
        assertEquals(2, chat.split("\n").length);
        assertTrue(chat.contains("chat") && !chat.contains("orders"), chat);
        assertEquals("no metric matches 'nothing'\n", MetricsTable.render(registry.families(), "nothing"));
    }

    @Test
    void anEmptyRegistrySaysSo() {
        assertEquals("no metrics are registered\n", MetricsTable.render(registry.families(), ""));
    }

    @Test
    void durationsAreSecondsAsInMetrics() {
        assertEquals("0.00000085 s", MetricsTable.duration(850));
        assertEquals("0.0000125 s", MetricsTable.duration(12_500));
        assertEquals("0.00123 s", MetricsTable.duration(1_234_567));
        assertEquals("2.5 s", MetricsTable.duration(2_500_000_000L));
    }
}
