package io.freelock.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsObjectsArraysAndScalarsKeepingKeyOrder() {
        Object value = Json.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"x\": \"y\"}, \"c\": {} } ");
        Map<?, ?> object = (Map<?, ?>) value;
        assertEquals(List.of("b", "a", "c"), List.copyOf(object.keySet()));
        List<?> array = (List<?>) object.get("b");
        assertEquals(1.0, array.get(0));
        assertEquals(-2500.0, array.get(1));
        assertEquals(Boolean.TRUE, array.get(2));
        assertEquals(Boolean.FALSE, array.get(3));
        assertNull(array.get(4));
        assertEquals(Map.of("x", "y"), object.get("a"));
        assertEquals(Map.of(), object.get("c"));
    }

    @Test
    void decodesStringEscapes() {
        assertEquals("a\"b\\c/d\ne\tf\u00b5", Json.parse("\"a\\\"b\\\\c\\/d\\ne\\tf\\u00b5\""));
        assertEquals("µs", Json.parse("\"µs\""));
    }

    @Test
    void readsNumbersWrittenAsStringsTheWayJmhWritesNaN() {
        assertTrue(Double.isNaN(Json.number("NaN")));
        assertEquals(3.5, Json.number(3.5));
        assertEquals(Double.POSITIVE_INFINITY, Json.number("Infinity"));
        assertThrows(IllegalArgumentException.class, () -> Json.number("three"));
    }

    @Test
    void refusesMalformedTextNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{1: 2}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"\\q\""));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("tru"));
    }
}
