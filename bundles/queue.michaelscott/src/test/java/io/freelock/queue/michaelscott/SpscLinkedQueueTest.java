package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.testkit.Exchange;

/** The queue contract for {@code queue:spsc?bounded=false}, which the driver serves with the class without CAS. */
class SpscLinkedQueueTest extends LinkedQueueContract {

    @Override
    protected QueueDriver driver() {
        return new MichaelScottDriver();
    }

    @Override
    protected String spec(int capacity) {
        return "queue:spsc?bounded=false";
    }

    @Test
    void theDriverMakesAnSpscLinkedQueueForThisSpec() {
        ConcurrentQueue<Long> queue = newQueue(16);
        assertEquals(SpscLinkedQueue.class, queue.getClass());
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
        assertFalse(queue instanceof ClosableQueue, "one producer: the manager retires it without a close");
    }

    @Test
    void aMillionElementsPassFromOneProducerToOneConsumer() throws Exception {
        assertEquals(1_000_000L, Exchange.run(newQueue(16), 1, 1, 1_000_000, false));
    }

    @Test
    void aMillionElementsPassInBatches() throws Exception {
        assertEquals(1_000_000L, Exchange.run(newQueue(16), 1, 1, 1_000_000, true));
    }

}
