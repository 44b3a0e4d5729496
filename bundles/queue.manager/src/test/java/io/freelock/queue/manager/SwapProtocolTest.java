package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Exchange;

/** The swap and evacuation protocol outside OSGi, with the real drivers and thousands of swaps under load. */
class SwapProtocolTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager);

    /**
     * Runs {@code rounds} swap steps on a thread of their own, and exchanges over and over (each exchange
     * checked for loss, duplicates and order) until the swapper is done, so every swap meets traffic.
     *
     * @return the exchanges run
     */
    private static int exchangeWhileSwapping(ManagedQueue<Long> queue, int producers, int consumers, boolean batch,
            int rounds, Runnable step) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    step.run();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "swapper");
        swapper.start();
        int exchanges = 0;
        do {
            Exchange.run(queue, producers, consumers, 20_000, batch);
            exchanges++;
        } while (swapper.isAlive());
        swapper.join();
        if (failure.get() != null) {
            throw new AssertionError("the swapper failed", failure.get());
        }
        return exchanges;
    }

    @Test
    void operatorSwapsUnderLoadLoseNothingAndKeepEachProducersOrder() throws Exception {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("load", QueueSpec.parse("queue:mpsc"));
        String[] targets = {"vyukov", "michaelscott"};
        AtomicLong refused = new AtomicLong();
        AtomicLong step = new AtomicLong();
        exchangeWhileSwapping(queue, 3, 1, false, 2_000, () -> {
            try {
                manager.swap("load", targets[(int) (step.getAndIncrement() & 1)]);
            } catch (IllegalArgumentException e) {
                // the unbounded queue ran ahead of the consumer: a 1024-slot ring cannot take it, rightly
                assertTrue(e.getMessage().contains("more than the capacity 1024"), e.getMessage());
                refused.incrementAndGet();
            }
        });
        assertEquals(2_000, queue.stats().swaps() + refused.get());
        assertTrue(queue.stats().swaps() >= 1_000, "swaps: " + queue.stats().swaps());
        assertTrue(queue.isEmpty());
    }

    @Test
    void driversComingAndGoingUnderLoadLoseNothing() throws Exception {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("churn", QueueSpec.parse("queue:mpmc?capacity=64"));
        HotSwapQueue<Long> managed = (HotSwapQueue<Long>) queue;
        exchangeWhileSwapping(queue, 2, 2, false, 1_000, () -> {
            // give the producers a moment to put something into the ring, so the evacuation has work
            for (int spins = 0; spins < 100_000 && managed.newest().queue.isEmpty(); spins++) {
                Thread.onSpinWait();
            }
            drivers.unbind(Drivers.VYUKOV); // to the fallback: no other bounded MPMC driver
            drivers.bind(Drivers.VYUKOV);   // and back
        });
        ManagedQueue.Stats stats = queue.stats();
        assertEquals(2_000, stats.swaps());
        assertTrue(stats.migrated() > 0, "some elements were moved out of a departing driver's queue");
        assertEquals("vyukov", queue.driver());
    }

    @Test
    void batchesSurviveSwapsToo() throws Exception {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("batches", QueueSpec.parse("queue:spsc"));
        exchangeWhileSwapping(queue, 1, 1, true, 1_000, () -> {
            drivers.unbind(Drivers.SPSC); // spsc -> vyukov, evacuating the ring
            drivers.bind(Drivers.SPSC);   // and back
        });
        assertEquals(2_000, queue.stats().swaps());
    }

    @Test
    void aBetterDriverTakesOverAndAGoneOneLeavesNothingBehind() {
        drivers.bind(Drivers.MICHAELSCOTT);
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc"));
        assertEquals("michaelscott", queue.driver());
        for (long i = 0; i < 100; i++) {
            queue.offer(i);
        }
        drivers.bind(Drivers.VYUKOV); // ranks higher: new elements go there, old ones drain first
        assertEquals("vyukov", queue.driver());
        for (long i = 100; i < 200; i++) {
            queue.offer(i);
        }
        drivers.unbind(Drivers.VYUKOV, Drivers.MICHAELSCOTT); // nothing left: the fallback takes over
        assertEquals(QueueManager.FALLBACK, queue.driver());
        assertEquals(200, queue.stats().migrated(), "every element left the departing drivers' queues");
        assertEquals(200, queue.size());
        for (long i = 0; i < 200; i++) {
            assertEquals(i, queue.poll());
        }
        assertNull(queue.poll());
        drivers.bind(Drivers.VYUKOV);
        assertEquals("vyukov", queue.driver(), "a driver returning takes over from the fallback");
        assertEquals(4, queue.stats().swaps());
    }

    @Test
    void aSpecNamingADriverStaysWithIt() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("named", QueueSpec.parse("queue:spsc?driver=michaelscott"));
        assertEquals("michaelscott", queue.driver(), "named, though spsc ranks higher");
        drivers.unbind(Drivers.MICHAELSCOTT);
        assertEquals(QueueManager.FALLBACK, queue.driver());
        drivers.bind(Drivers.MICHAELSCOTT);
        assertEquals("michaelscott", queue.driver());
    }

    @Test
    void aSwapTheTargetCannotHonourIsRefusedAndChangesNothing() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("shared", QueueSpec.parse("queue:mpmc?bounded=false"));
        for (long i = 0; i < 5_000; i++) {
            queue.offer(i);
        }
        List<Long> before = new ArrayList<>(queue);

        IllegalArgumentException spsc = assertThrows(IllegalArgumentException.class, () -> manager.swap("shared", "spsc"));
        assertEquals("cannot swap queue 'shared' to 'spsc': driver 'spsc' takes a single producer; the spec needs several",
                spsc.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> manager.respecify("shared", QueueSpec.parse("queue:mpmc?capacity=1024")));
        assertEquals("cannot move queue 'shared' to vyukov: it holds 5000 elements, more than the capacity 1024",
                small.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> manager.swap("shared", "nope"));
        assertEquals("cannot swap queue 'shared': no live driver 'nope'", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> manager.swap("missing", "vyukov"));

        assertEquals("michaelscott", queue.driver());
        assertEquals(QueueSpec.parse("queue:mpmc?bounded=false"), queue.spec());
        assertEquals(0, queue.stats().swaps());
        assertEquals(before, new ArrayList<>(queue));
    }

    @Test
    void openingAgainGivesTheSameQueueAndAnotherSpecIsRefused() {
        drivers.bindAll();
        ManagedQueue<Long> first = manager.open("same", QueueSpec.parse("queue:mpsc"));
        assertSame(first, manager.open("same", QueueSpec.parse("queue:mpsc")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager.open("same", QueueSpec.parse("queue:spsc")));
        assertEquals("queue 'same' is open with spec queue:mpsc, not queue:spsc", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> manager.open(" ", QueueSpec.parse("queue:spsc")));
        assertThrows(NullPointerException.class, () -> manager.open(null, QueueSpec.parse("queue:spsc")));
        assertEquals(1, manager.queues().size());
    }

    @Test
    void aConsumerGapIsMeasuredWhenAnOlderStageHoldsUpTheQueue() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("gap", QueueSpec.parse("queue:mpmc"));
        HotSwapQueue<Long> managed = (HotSwapQueue<Long>) queue;
        Stage<Long> old = managed.newest();
        assertTrue(old.enterProducer(), "a producer is inside the current stage");
        manager.swap("gap", "michaelscott");
        queue.offer(1L); // lands in the new stage
        assertNull(queue.poll(), "the old stage may still receive the producer's element: wait for it");
        old.queue.offer(0L);
        old.exitProducer();
        assertEquals(0L, queue.poll(), "the in-flight element comes first");
        assertEquals(1L, queue.poll());
        assertTrue(queue.stats().longestConsumerGapNanos() > 0);
    }
}
