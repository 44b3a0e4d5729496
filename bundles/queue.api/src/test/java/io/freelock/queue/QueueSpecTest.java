package io.freelock.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueSpecTest {

    private static final Map<String, Object> VYUKOV = Map.of(QueueDriver.DRIVER_NAME, "vyukov",
            QueueDriver.PRODUCERS, "multi", QueueDriver.CONSUMERS, "multi", QueueDriver.BOUNDED, true);
    private static final Map<String, Object> SPSC = Map.of(QueueDriver.DRIVER_NAME, "spsc",
            QueueDriver.PRODUCERS, "single", QueueDriver.CONSUMERS, "single", QueueDriver.BOUNDED, true);
    private static final Map<String, Object> LINKED = Map.of(QueueDriver.DRIVER_NAME, "michaelscott",
            QueueDriver.PRODUCERS, "multi", QueueDriver.CONSUMERS, "multi", QueueDriver.BOUNDED, false);

    @Test
    void parsesShapeCapacityBoundAndDriver() {
        QueueSpec spec = QueueSpec.parse("queue:mpsc?capacity=4096&driver=vyukov");
        assertEquals(QueueSpec.Access.MULTI, spec.producers());
        assertEquals(QueueSpec.Access.SINGLE, spec.consumers());
        assertEquals(QueueSpec.Bound.BOUNDED, spec.bound());
        assertEquals(4096, spec.capacity());
        assertEquals(Optional.of("vyukov"), spec.driver());

        QueueSpec plain = QueueSpec.parse("queue:spmc");
        assertEquals(QueueSpec.Access.SINGLE, plain.producers());
        assertEquals(QueueSpec.Access.MULTI, plain.consumers());
        assertEquals(QueueSpec.Bound.EITHER, plain.bound());
        assertEquals(QueueSpec.DEFAULT_CAPACITY, plain.capacity());
        assertEquals(Optional.empty(), plain.driver());

        assertEquals(QueueSpec.Bound.UNBOUNDED, QueueSpec.parse("queue:mpmc?bounded=false").bound());
        assertEquals(QueueSpec.Bound.BOUNDED, QueueSpec.parse("queue:mpmc?bounded=true").bound());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "queue:mpmc|queue:mpmc",
        "queue:spsc?capacity=1024|queue:spsc?capacity=1024",
        "queue:mpmc?driver=vyukov&capacity=8|queue:mpmc?capacity=8&driver=vyukov",
        "queue:mpmc?bounded=false|queue:mpmc?bounded=false",
        "queue:mpsc?bounded=true&capacity=16|queue:mpsc?capacity=16",
    })
    void canonicalFormRoundTrips(String text, String canonical) {
        QueueSpec spec = QueueSpec.parse(text);
        assertEquals(canonical, spec.toString());
        assertEquals(spec, QueueSpec.parse(spec.toString()));
        assertEquals(spec.hashCode(), QueueSpec.parse(canonical).hashCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mpmc|must start with 'queue:'",
        "queue:|unknown shape ''",
        "queue:xpxc|unknown shape 'xpxc'",
        "queue:mpmc?|parameter '' is not key=value",
        "queue:mpmc?capacity|parameter 'capacity' is not key=value",
        "queue:mpmc?capacity=|parameter 'capacity=' is not key=value",
        "queue:mpmc?size=4|unknown parameter 'size'",
        "queue:mpmc?capacity=0|capacity 0 is outside 1..1073741824",
        "queue:mpmc?capacity=-5|capacity -5 is outside 1..1073741824",
        "queue:mpmc?capacity=1073741825|capacity 1073741825 is outside 1..1073741824",
        "queue:mpmc?capacity=99999999999999999999|capacity '99999999999999999999' is not a whole number",
        "queue:mpmc?capacity=ten|capacity 'ten' is not a whole number",
        "queue:mpmc?capacity=8&capacity=16|parameter 'capacity' is given twice",
        "queue:mpmc?bounded=yes|bounded must be true or false, not 'yes'",
        "queue:mpmc?bounded=false&capacity=8|capacity=8 contradicts bounded=false",
        "queue:mpmc?driver=Vyukov!|driver 'Vyukov!' is not a driver name",
    })
    void badSpecsNameTheBadPart(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueueSpec.parse(text));
        assertTrue(e.getMessage().startsWith("queue spec '" + text + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void nullSpecIsRefused() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> QueueSpec.parse(null));
        assertEquals("queue spec is null", e.getMessage());
    }

    @Test
    void matchesDriversByWhatTheyOffer() {
        QueueSpec spsc = QueueSpec.parse("queue:spsc?capacity=64");
        assertTrue(spsc.matches(SPSC));
        assertTrue(spsc.matches(VYUKOV), "a multi-producer driver serves a single producer too");
        assertFalse(spsc.matches(LINKED));
        assertEquals(Optional.of("driver 'michaelscott' is unbounded; the spec needs a bounded queue"),
                spsc.mismatch(LINKED));

        QueueSpec mpmc = QueueSpec.parse("queue:mpmc");
        assertTrue(mpmc.matches(VYUKOV));
        assertTrue(mpmc.matches(LINKED));
        assertEquals(Optional.of("driver 'spsc' takes a single producer; the spec needs several"),
                mpmc.mismatch(SPSC));
        assertEquals(Optional.of("driver 'spsc' takes a single consumer; the spec needs several"),
                QueueSpec.parse("queue:spmc").mismatch(SPSC));
        assertEquals(Optional.of("driver 'vyukov' is bounded; the spec needs an unbounded queue"),
                QueueSpec.parse("queue:mpmc?bounded=false").mismatch(VYUKOV));
        assertEquals(Optional.of("the spec names driver 'spsc', not 'vyukov'"),
                QueueSpec.parse("queue:spsc?driver=spsc").mismatch(VYUKOV));
    }

    @Test
    void requireMatchSaysWhy() {
        QueueSpec spec = QueueSpec.parse("queue:mpmc?capacity=8");
        spec.requireMatch(VYUKOV);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.requireMatch(SPSC));
        assertEquals("queue spec 'queue:mpmc?capacity=8': driver 'spsc' takes a single producer; the spec needs several",
                e.getMessage());
    }

    @QueueDriver.Properties(driver = "annotated", producers = "multi", consumers = "single", bounded = false)
    static final class AnnotatedDriver implements QueueDriver {
        @Override
        public <E> ConcurrentQueue<E> create(QueueSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void driversReadTheirDeclaredProperties() {
        assertEquals(Map.of(QueueDriver.DRIVER_NAME, "annotated", QueueDriver.PRODUCERS, "multi",
                QueueDriver.CONSUMERS, "single", QueueDriver.BOUNDED, false),
                new AnnotatedDriver().declaredProperties());
        assertTrue(QueueSpec.parse("queue:mpsc?bounded=false").matches(new AnnotatedDriver().declaredProperties()));
    }

    @Test
    void withDriverKeepsTheRest() {
        QueueSpec spec = QueueSpec.parse("queue:mpsc?capacity=32").withDriver("vyukov");
        assertEquals("queue:mpsc?capacity=32&driver=vyukov", spec.toString());
        assertThrows(IllegalArgumentException.class, () -> spec.withDriver("Not A Name"));
    }
}
