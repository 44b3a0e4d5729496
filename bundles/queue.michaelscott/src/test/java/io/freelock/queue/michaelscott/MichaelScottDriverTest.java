package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;

class MichaelScottDriverTest {

    private final MichaelScottDriver driver = new MichaelScottDriver();

    @Test
    void declaresAnUnboundedMultiProducerMultiConsumerDriverNamedMichaelscott() {
        assertEquals(Map.of(QueueDriver.DRIVER_NAME, "michaelscott", QueueDriver.PRODUCERS, "multi",
                QueueDriver.CONSUMERS, "multi", QueueDriver.BOUNDED, false,
                QueueDriver.Ranking.PROPERTY, 100), driver.declaredProperties());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "queue:mpmc?capacity=16,   queue spec 'queue:mpmc?capacity=16': driver 'michaelscott' is unbounded; the spec needs a bounded queue",
        "queue:mpmc?driver=vyukov, \"queue spec 'queue:mpmc?driver=vyukov': the spec names driver 'vyukov', not 'michaelscott'\"",
        "queue:spsc?bounded=true,  queue spec 'queue:spsc?bounded=true': driver 'michaelscott' is unbounded; the spec needs a bounded queue",
    })
    void refusesASpecItCannotHonourWithTheSpecsReason(String spec, String message) {
        QueueSpec parsed = QueueSpec.parse(spec);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> driver.create(parsed));
        assertEquals(message, refused.getMessage());
        assertTrue(refused.getMessage().endsWith(parsed.mismatch(driver.declaredProperties()).orElseThrow()),
                "the reason is the one QueueSpec gives");
    }

    @ParameterizedTest
    @CsvSource({
        "queue:spsc?bounded=false,                   SpscLinkedQueue",
        "queue:spsc,                                 SpscLinkedQueue",
        "queue:spsc?driver=michaelscott,             SpscLinkedQueue",
        "queue:mpsc,                                 MichaelScottQueue",
        "queue:spmc?bounded=false,                   MichaelScottQueue",
        "queue:mpmc,                                 MichaelScottQueue",
        "queue:mpmc?bounded=false&driver=michaelscott, MichaelScottQueue",
    })
    void theSpecDecidesTheClass(String spec, String simpleName) {
        ConcurrentQueue<Long> queue = driver.create(QueueSpec.parse(spec));
        assertEquals(simpleName, queue.getClass().getSimpleName());
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
        assertTrue(queue.isEmpty());
    }

    @Test
    void eachCreateGivesANewQueue() {
        QueueSpec spec = QueueSpec.parse("queue:mpmc");
        ConcurrentQueue<Long> first = driver.create(spec);
        ConcurrentQueue<Long> second = driver.create(spec);
        assertNotSame(first, second);
        first.offer(1L);
        assertTrue(second.isEmpty());
    }

    @Test
    void aNullSpecIsRefusedWithItsName() {
        assertEquals("queue spec is null", assertThrows(NullPointerException.class, () -> driver.create(null)).getMessage());
        assertEquals("queue spec is null",
                assertThrows(NullPointerException.class, () -> driver.createFront(null, null)).getMessage());
    }
}
