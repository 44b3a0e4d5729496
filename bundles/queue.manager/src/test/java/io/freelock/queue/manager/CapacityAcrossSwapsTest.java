package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/** A bounded managed queue never holds more than its capacity: not after an operator swap, a respecify or a driver's arrival. */
class CapacityAcrossSwapsTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager).bindAll();

    @Test
    void anOperatorSwapOfAFullQueueTakesNothingMoreUntilAConsumerMakesRoom() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?capacity=4"));
        for (long i = 0; i < 4; i++) {
            assertTrue(queue.offer(i));
        }
        manager.swap("q", "vyukov");
        assertEquals(4, queue.capacity());
        assertFalse(queue.offer(4L), "the old ring's 4 elements fill the queue");
        assertEquals(0, queue.fill(() -> 99L, 10), "fill adds nothing either, and asks for nothing");
        assertEquals(4, queue.size());

        assertEquals(0L, queue.poll());
        assertTrue(queue.offer(4L), "one taken, one room");
        assertFalse(queue.offer(5L));
        assertEquals(4, queue.size());
        for (long i = 1; i <= 4; i++) {
            assertEquals(i, queue.poll());
        }
        for (long i = 5; i < 9; i++) {
            assertTrue(queue.offer(i), "the old ring is finished: the new one takes its full capacity");
        }
        assertFalse(queue.offer(9L));
    }

    @Test
    void aRespecifyKeepsTheNewCapacityOverWhatTheOldStageHolds() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc?capacity=16"));
        for (long i = 0; i < 16; i++) {
            queue.offer(i);
        }
        manager.respecify("q", QueueSpec.parse("queue:mpmc?capacity=32"));
        assertEquals(32, queue.capacity());
        long added = 0;
        while (queue.offer(100 + added)) {
            added++;
        }
        assertEquals(16, added, "room for 32 in all, 16 of them taken by the old ring");
        assertEquals(32, queue.size());
    }

    @Test
    void aSmallerDriverArrivingWaitsUntilTheQueueFitsIt() {
        drivers.unbind(Drivers.VYUKOV);
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc"));
        assertEquals("michaelscott", queue.driver());
        for (long i = 0; i < 5_000; i++) {
            queue.offer(i);
        }

        drivers.bind(Drivers.VYUKOV); // ranks higher, but its ring holds 1,024
        assertEquals("michaelscott", queue.driver(), "5,000 elements do not fit a ring of 1,024");
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
        assertEquals("stays on michaelscott until it holds at most 1024 elements for vyukov (holds 5000)",
                queue.pendingChange().orElseThrow());

        for (long i = 0; i < 4_000; i++) {
            assertEquals(i, queue.poll());
        }
        Await.until("the move to vyukov once the queue fits it", () -> queue.driver().equals("vyukov"));
        assertEquals(1_024, queue.capacity());
        assertTrue(queue.size() <= queue.capacity());
        assertTrue(queue.pendingChange().isEmpty());
        for (long i = 4_000; i < 5_000; i++) {
            assertEquals(i, queue.poll());
        }
    }

    @Test
    void aDepartingDriverWhoseSuccessorIsTooSmallHandsOverToTheFallback() {
        drivers.unbind(Drivers.VYUKOV);
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc"));
        for (long i = 0; i < 5_000; i++) {
            queue.offer(i);
        }
        drivers.bind(Drivers.VYUKOV);
        drivers.unbind(Drivers.MICHAELSCOTT);
        assertEquals("fallback", queue.driver());
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
        // Said by the departure ("on the fallback until ...") or, if the manager's retry came first, by the retry
        // ("stays on fallback until ..."): the same fact either way.
        String pending = queue.pendingChange().orElseThrow();
        assertTrue(pending.contains("fallback until it holds at most 1024 elements for vyukov"), pending);
        for (long i = 0; i < 5_000; i++) {
            assertEquals(i, queue.poll());
        }
        Await.until("the move to vyukov", () -> queue.driver().equals("vyukov"));
    }

    /**
     * Rounds of two producers and a consumer racing one swap each (a ring's driver going or coming back, so the
     * queue moves between the ring and the manager's fallback); between rounds, with everyone still, the queue
     * must hold exactly what was offered and not polled, and never more than its capacity.
     */
    @Test
    void underSwapsWithTrafficTheQueueNeverHoldsMoreThanItsCapacity() throws Exception {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpsc?capacity=64"));
        AtomicLong offered = new AtomicLong();
        AtomicLong polled = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 500; round++) {
                boolean away = (round & 1) == 0;
                List<Callable<Object>> racers = List.of(
                        Executors.callable(() -> produce(queue, offered, 40)),
                        Executors.callable(() -> produce(queue, offered, 40)),
                        Executors.callable(() -> {
                            for (int i = 0; i < 30; i++) {
                                if (queue.poll() != null) {
                                    polled.incrementAndGet();
                                }
                            }
                        }),
                        Executors.callable(() -> {
                            if (away) {
                                drivers.unbind(Drivers.VYUKOV);
                            } else {
                                drivers.bind(Drivers.VYUKOV);
                            }
                        }));
                for (Future<Object> done : threads.invokeAll(racers)) {
                    done.get();
                }
                long held = 0;
                for (Stage<Long> s = (HotSwapQueue.behind(queue)).oldest(); s != null; s = s.next) {
                    held += s.queue.size();
                }
                assertEquals(offered.get() - polled.get(), held, "round " + round + ": what the stages hold");
                assertTrue(held <= 64, "round " + round + ": " + held + " elements in a queue of 64");
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(500, queue.stats().swaps());
    }

    private static void produce(ManagedQueue<Long> queue, AtomicLong offered, int attempts) {
        for (int i = 0; i < attempts; i++) {
            if (queue.offer((long) i)) {
                offered.incrementAndGet();
            }
        }
    }
}
