package io.freelock.queue.vyukov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

class VyukovDriverTest {

    private final QueueDriver driver = new VyukovDriver();

    @Test
    void declaresABoundedMultiProducerMultiConsumerDriverNamedVyukov() {
        assertEquals(Map.of(QueueDriver.DRIVER_NAME, "vyukov", QueueDriver.PRODUCERS, "multi",
                QueueDriver.CONSUMERS, "multi", QueueDriver.BOUNDED, true,
                QueueDriver.Ranking.PROPERTY, 200), driver.declaredProperties());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "queue:mpmc?capacity=3|4",
        "queue:mpmc?capacity=1|2",
        "queue:mpmc|1024",
        "queue:mpmc?bounded=true|1024",
        "queue:spsc?capacity=8&driver=vyukov|8",
    })
    void createsAnEmptyRingWithTheRoundedCapacity(String spec, int capacity) {
        ConcurrentQueue<String> queue = driver.create(QueueSpec.parse(spec));
        assertInstanceOf(VyukovQueue.class, queue);
        assertEquals(capacity, queue.capacity());
        assertTrue(queue.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "queue:mpmc?bounded=false|is bounded; the spec needs an unbounded queue",
        "queue:mpmc?driver=spsc|names driver 'spsc'",
    })
    void refusesASpecItCannotHonourWithTheSpecsOwnMessage(String text, String why) {
        QueueSpec spec = QueueSpec.parse(text);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> driver.create(spec));
        String reason = spec.mismatch(driver.declaredProperties()).orElseThrow();
        assertEquals("queue spec '" + spec + "': " + reason, refused.getMessage());
        assertTrue(reason.contains(why), reason);
    }

    @Test
    void aNullSpecIsRefused() {
        assertThrows(NullPointerException.class, () -> driver.create(null));
    }
}
