package io.freelock.queue.spsc;

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

class SpscDriverTest {

    private final QueueDriver driver = new SpscDriver();

    @Test
    void declaresASingleProducerSingleConsumerBoundedDriverNamedSpsc() {
        assertEquals(Map.of(QueueDriver.DRIVER_NAME, "spsc", QueueDriver.PRODUCERS, "single",
                QueueDriver.CONSUMERS, "single", QueueDriver.BOUNDED, true,
                QueueDriver.Ranking.PROPERTY, 300), driver.declaredProperties());
    }

    @ParameterizedTest
    @CsvSource({"queue:mpsc, several", "queue:spmc, several", "queue:mpmc, several",
            "queue:spsc?bounded=false, unbounded queue", "queue:spsc?driver=vyukov, names driver 'vyukov'"})
    void refusesWhatItCannotHonourInTheSpecsWords(String text, String why) {
        QueueSpec spec = QueueSpec.parse(text);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> driver.create(spec));
        IllegalArgumentException specSays = assertThrows(IllegalArgumentException.class,
                () -> spec.requireMatch(driver.declaredProperties()));
        assertEquals(specSays.getMessage(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("queue spec '" + text + "'"), refused.getMessage());
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }

    @Test
    void refusesMultipleProducersNamingThem() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> driver.create(QueueSpec.parse("queue:mpsc")));
        assertEquals("queue spec 'queue:mpsc': driver 'spsc' takes a single producer; the spec needs several",
                refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"queue:spsc, 1024", "queue:spsc?bounded=true, 1024", "queue:spsc?capacity=1, 1",
            "queue:spsc?capacity=1000, 1024", "queue:spsc?capacity=4&driver=spsc, 4"})
    void createsARingOfTheRoundedCapacity(String text, int capacity) {
        ConcurrentQueue<Long> queue = driver.create(QueueSpec.parse(text));
        assertInstanceOf(SpscRingQueue.class, queue);
        assertEquals(capacity, queue.capacity());
        assertTrue(queue.isEmpty());
    }

    @Test
    void eachCreateMakesANewQueue() {
        QueueSpec spec = QueueSpec.parse("queue:spsc?capacity=2");
        ConcurrentQueue<Long> first = driver.create(spec);
        ConcurrentQueue<Long> second = driver.create(spec);
        assertTrue(first.offer(1L));
        assertTrue(second.isEmpty());
    }

    @Test
    void aNullSpecIsRefused() {
        assertThrows(NullPointerException.class, () -> driver.create(null));
    }
}
