package io.freelock.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void orderOfGivingDoesNotMatter() {
        Tags a = Tags.of("queue", "orders", "driver", "vyukov");
        Tags b = Tags.of("driver", "vyukov").and("queue", "orders");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(List.of("driver", "queue"), List.copyOf(a.keys()));
        assertEquals(a, Tags.of(Map.of("queue", "orders", "driver", "vyukov")));
        assertNotEquals(a, Tags.of("queue", "orders"));
    }

    @Test
    void toStringQuotesAndEscapesValues() {
        assertEquals("{}", Tags.empty().toString());
        assertEquals("{a=\"x\\\"y\",b=\"c\\\\d\"}", Tags.of("b", "c\\d", "a", "x\"y").toString());
    }

    @Test
    void badTagsAreRefusedWithAMessageNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tags.of("queue")).getMessage()
                .contains("key, value pairs"));
        assertEquals("tag 'queue' is given twice",
                assertThrows(IllegalArgumentException.class, () -> Tags.of("queue", "a", "queue", "b")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tags.of("le", "1"));
        assertThrows(IllegalArgumentException.class, () -> Tags.of("queue", ""));
    }

    @Test
    void tagsAreImmutable() {
        Tags tags = Tags.of("queue", "orders");
        Tags more = tags.and("driver", "spsc");
        assertEquals(1, tags.asMap().size());
        assertEquals(2, more.asMap().size());
        assertThrows(UnsupportedOperationException.class, () -> more.asMap().put("x", "y"));
    }
}
