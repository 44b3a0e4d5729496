package io.freelock.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "_a", "queue_offered", "apply_latency_seconds", "A1_b2", "x_count"})
    void prometheusNamesPass(String name) {
        assertEquals(name, MetricNames.checkName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "queue-offered", "queue.offered", "with space", "job:rate", "é", "__internal"})
    void namesPrometheusWouldRejectOrReserveAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricNames.checkName(name));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void theMessageNamesTheBadCharacterAndWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricNames.checkName("queue-offered"));
        assertEquals("metric name 'queue-offered' has '-' at index 5: use letters, digits and '_', not starting with a digit",
                e.getMessage());
    }

    @Test
    void nullEmptyAndOverlongNamesAreRefused() {
        assertEquals("metric name is null",
                assertThrows(IllegalArgumentException.class, () -> MetricNames.checkName(null)).getMessage());
        assertEquals("metric name is empty",
                assertThrows(IllegalArgumentException.class, () -> MetricNames.checkName("")).getMessage());
        String longName = "a".repeat(MetricNames.MAX_NAME_LENGTH + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricNames.checkName(longName)).getMessage()
                .contains("at most " + MetricNames.MAX_NAME_LENGTH));
        assertEquals("a".repeat(MetricNames.MAX_NAME_LENGTH), MetricNames.checkName("a".repeat(MetricNames.MAX_NAME_LENGTH)));
    }

    @Test
    void aCounterNameMustLeaveTotalToTheExposition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricNames.checkName("events_total", MetricType.COUNTER));
        assertTrue(e.getMessage().contains("leave it off"), e.getMessage());
        assertEquals("events_total", MetricNames.checkName("events_total", MetricType.GAUGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"quantile", "le", "__name__", "bad-key", "0key"})
    void reservedAndMalformedTagKeysAreRefused(String key) {
        assertThrows(IllegalArgumentException.class, () -> MetricNames.checkTagKey(key));
    }

    @Test
    void tagValuesMayHoldAnyPrintableTextButNoControlCharacter() {
        assertEquals("orders \"EU\" \\ west", MetricNames.checkTagValue("queue", "orders \"EU\" \\ west"));
        assertEquals("日本", MetricNames.checkTagValue("queue", "日本"));
        assertEquals("tag 'queue' has a control character (code 10) at index 1 of its value",
                assertThrows(IllegalArgumentException.class, () -> MetricNames.checkTagValue("queue", "a\nb")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricNames.checkTagValue("queue", ""));
        assertThrows(IllegalArgumentException.class, () -> MetricNames.checkTagValue("queue", null));
        assertThrows(IllegalArgumentException.class,
                () -> MetricNames.checkTagValue("queue", "v".repeat(MetricNames.MAX_TAG_VALUE_LENGTH + 1)));
    }
}
