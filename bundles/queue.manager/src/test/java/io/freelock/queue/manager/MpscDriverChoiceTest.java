package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/**
 * The manager's choice with the mpsc driver live beside the others: it wins the unbounded single-consumer specs
 * from michaelscott by its ranking, takes none with several consumers, and a queue moves on and off it under load
 * without loss (its queue is closable, so the retired stage is let go through the close, not counted producers).
 */
class MpscDriverChoiceTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager).bindAll().bind(Drivers.MPSC);

    @ParameterizedTest
    @CsvSource({
        "queue:mpsc?bounded=false, mpsc",
        "queue:spsc?bounded=false, mpsc",
        "queue:mpmc?bounded=false, michaelscott",
        "queue:spmc?bounded=false, michaelscott",
        "queue:mpsc,               vyukov",
        "queue:spsc,               spsc",
    })
    void theBestRankedMatchServesTheSpec(String spec, String driver) {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse(spec));
        assertEquals(driver, queue.driver());
    }

    @Test
    void theQueueLeavesMpscWhenItGoesAndComesBackWhenItReturns() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpsc?bounded=false"));
        for (long i = 0; i < 3_000; i++) {
            queue.offer(i);
        }
        drivers.unbind(Drivers.MPSC);
        assertEquals("michaelscott", queue.driver());
        queue.offer(3_000L);
        drivers.bind(Drivers.MPSC);
        Await.until("the queue back on mpsc", () -> {
            queue.offer(-1L); // a producer's call lets the manager see that older stages are done with
            return queue.driver().equals("mpsc");
        });
        for (long i = 0; i <= 3_000; i++) {
            assertEquals(i, queue.poll());
        }
    }

    @Test
    void twoProducersAndTheConsumerLoseNothingWhileTheQueueMovesBetweenMpscAndMichaelScott() throws Exception {
        ManagedQueue<Long> queue = manager.open("load", QueueSpec.parse("queue:mpsc?bounded=false"));
        String[] targets = {"michaelscott", "mpsc"};
        AtomicLong step = new AtomicLong();
        new SwapLoad(queue, 2, 1, false).whileSwapping(500, () -> manager.swap("load", targets[(int) (step.getAndIncrement() & 1)]));
        assertTrue(queue.stats().swaps() >= 250, "swaps: " + queue.stats().swaps());
    }
}
