package io.freelock.queue.michaelscott;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.testkit.Exchange;

/** The queue contract for {@code queue:spsc?bounded=false}, which the driver serves with the class without CAS. */
class SpscLinkedQueueTest extends LinkedQueueContract {

    @Override
    protected String spec(int capacity) {
        return "queue:spsc?bounded=false";
    }

    @Override
    protected Class<?> queueClass() {
        return SpscLinkedQueue.class;
    }

    @Test
    void anSpscLinkedQueueCannotBeClosed() {
        assertFalse(newQueue(16) instanceof ClosableQueue, "one producer: the manager retires it without a close");
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
