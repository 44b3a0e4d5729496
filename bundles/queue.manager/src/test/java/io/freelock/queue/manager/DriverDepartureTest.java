package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/**
 * A driver going away never waits for the threads using its queues, so a producer that stays inside a stage
 * (a slow supplier, a descheduled thread) can neither hold the framework thread nor wedge the queue, and the
 * other queues move as well.
 */
class DriverDepartureTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager).bindAll();

    @Test
    void aProducerInsideASlowFillNeitherHoldsTheUnbindNorWedgesTheQueue() throws Exception {
        ManagedQueue<Long> slow = manager.open("slow", QueueSpec.parse("queue:spsc"));
        ManagedQueue<Long> other = manager.open("other", QueueSpec.parse("queue:spsc"));
        other.offer(7L);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong next = new AtomicLong();
        Thread producer = new Thread(() -> {
            slow.fill(() -> {
                long e = next.getAndIncrement();
                if (e == 2) {
                    inside.countDown();
                    awaitQuietly(release); // the producer stays inside the spsc ring's fill
                }
                return e;
            }, 4);
            slow.offer(next.getAndIncrement()); // its next call leaves the ring
        });
        producer.start();
        assertTrue(inside.await(30, java.util.concurrent.TimeUnit.SECONDS));

        drivers.unbind(Drivers.SPSC); // as when the spsc bundle stops: returns while the producer is still inside
        boolean stillInside = release.getCount() == 1 && producer.isAlive();
        assertTrue(stillInside, "the unbind returned with the producer still inside the ring");
        assertEquals("vyukov", slow.driver());
        assertEquals("vyukov", other.driver(), "the other queue moved too");
        assertEquals(7L, other.poll());

        assertEquals(0L, slow.poll(), "what the ring holds is taken where it is");
        assertEquals(1L, slow.poll());
        assertNull(slow.poll(), "the producer may still add to the ring: nothing newer can be taken yet");

        release.countDown();
        producer.join();
        for (long i = 2; i <= 4; i++) {
            long expected = i;
            Await.until("element " + i, () -> {
                Long e = slow.poll();
                if (e == null) {
                    return false;
                }
                assertEquals(expected, e);
                return true;
            });
        }
        assertTrue(slow.isEmpty());
        assertTrue(slow.stats().longestConsumerGapNanos() > 0, "the consumer waited for the producer to leave");
    }

    @Test
    void aDepartedDriversQueueKeepsDeliveringInOrderAfterTheManagerMovedOn() {
        drivers.bind(Drivers.MICHAELSCOTT);
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc"));
        for (long i = 0; i < 100; i++) {
            queue.offer(i);
        }
        drivers.unbind(Drivers.VYUKOV, Drivers.MICHAELSCOTT, Drivers.SPSC); // nothing left: the fallback
        assertEquals(QueueManager.FALLBACK, queue.driver());
        for (long i = 100; i < 200; i++) {
            queue.offer(i);
        }
        assertEquals(200, queue.size());
        List<Long> all = new ArrayList<>(queue);
        assertEquals(200, all.size(), "the iterator walks the departed driver's queue and then the fallback");
        for (long i = 0; i < 200; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
        assertEquals(100, queue.stats().migrated(), "carried across the swap in the departed driver's queue");
    }

    /** Under load, drivers leave and come back a thousand times; nothing is lost, duplicated or reordered. */
    @Test
    void driversComingAndGoingWhileProducersFillSlowlyLoseNothing() throws Exception {
        ManagedQueue<Long> queue = manager.open("churn", QueueSpec.parse("queue:mpmc?capacity=64"));
        AtomicBoolean away = new AtomicBoolean();
        new SwapLoad(queue, 2, 2, true).whileSwapping(1_000, () -> {
            if (away.compareAndSet(false, true)) {
                drivers.unbind(Drivers.VYUKOV); // to the fallback: no other bounded MPMC driver
            } else {
                away.set(false);
                drivers.bind(Drivers.VYUKOV);
            }
        });
        assertTrue(queue.stats().swaps() >= 500, "swaps: " + queue.stats().swaps()); // an arrival may wait
        Await.until("the queue on vyukov with nothing pending",
                () -> queue.driver().equals("vyukov") && queue.pendingChange().isEmpty());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
