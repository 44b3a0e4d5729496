package io.freelock.queue.mpsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

class MpscDriverTest {

    private final QueueDriver driver = new MpscDriver();

    /** Ranked above michaelscott (100), below the rings (vyukov 200, spsc 300). */
    @Test
    void declaresAnUnboundedMultiProducerSingleConsumerDriverNamedMpsc() {
        assertEquals(Map.of(QueueDriver.DRIVER_NAME, "mpsc", QueueDriver.PRODUCERS, "multi",
                QueueDriver.CONSUMERS, "single", QueueDriver.BOUNDED, false,
                QueueDriver.Ranking.PROPERTY, 150), driver.declaredProperties());
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue:mpsc?bounded=false", "queue:mpsc?driver=mpsc", "queue:spsc?bounded=false"})
    void createsAnEmptyUnboundedQueue(String spec) {
        ConcurrentQueue<Long> queue = driver.create(QueueSpec.parse(spec));
        assertInstanceOf(MpscChunkedQueue.class, queue);
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
        assertTrue(queue.isEmpty());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "queue:mpmc?bounded=false,  queue spec 'queue:mpmc?bounded=false': driver 'mpsc' takes a single consumer; the spec needs several",
        "queue:spmc?bounded=false,  queue spec 'queue:spmc?bounded=false': driver 'mpsc' takes a single consumer; the spec needs several",
        "queue:mpsc?capacity=16,    queue spec 'queue:mpsc?capacity=16': driver 'mpsc' is unbounded; the spec needs a bounded queue",
        "queue:mpsc?driver=vyukov,  \"queue spec 'queue:mpsc?driver=vyukov': the spec names driver 'vyukov', not 'mpsc'\"",
    })
    void refusesASpecItCannotHonourWithTheSpecsReason(String spec, String message) {
        QueueSpec parsed = QueueSpec.parse(spec);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> driver.create(parsed));
        assertEquals(message, refused.getMessage());
    }

    @Test
    void eachCreateGivesANewQueue() {
        QueueSpec spec = QueueSpec.parse("queue:mpsc?bounded=false");
        ConcurrentQueue<Long> first = driver.create(spec);
        ConcurrentQueue<Long> second = driver.create(spec);
        assertNotSame(first, second);
        first.offer(1L);
        assertTrue(second.isEmpty());
    }

    @Test
    void aNullSpecIsRefused() {
        assertThrows(NullPointerException.class, () -> driver.create(null));
    }
}
