package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/** The swap protocol outside OSGi, with the real drivers and thousands of swaps under load. */
class SwapProtocolTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager);

    @Test
    void operatorSwapsUnderLoadLoseNothingAndKeepEachProducersOrder() throws Exception {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("load", QueueSpec.parse("queue:mpsc"));
        swapToAndFro(new SwapLoad(queue, 3, 1, false), "vyukov", "michaelscott", 2_000);
        assertTrue(queue.stats().swaps() >= 1_000, "swaps: " + queue.stats().swaps());
        assertTrue(queue.isEmpty());
    }

    @Test
    void batchesSurviveSwapsToo() throws Exception {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("batches", QueueSpec.parse("queue:spsc"));
        new SwapLoad(queue, 1, 1, true).whileSwapping(1_000, () -> {
            drivers.unbind(Drivers.SPSC); // spsc -> vyukov; the ring drains where it is
            drivers.bind(Drivers.SPSC);   // and back, unless too many earlier stages are still in use
        });
        assertTrue(queue.stats().swaps() >= 200, "swaps: " + queue.stats().swaps());
        queue.offer(1L); // the producer's next call lets the stages before the tail go; a deferred move follows
        assertEquals(1L, queue.poll());
        Await.until("the queue back on spsc", () -> queue.driver().equals("spsc"));
    }

    @ParameterizedTest(name = "batch: {0}")
    @ValueSource(booleans = {false, true})
    void relaxedCallsSurviveSwapsToo(boolean batch) throws Exception {
        // vyukov and mpsc both override the relaxed calls, so each swap retires a stage that relaxed calls may
        // leave midway: a relaxed poll or drain that passed such a stage would lose order or elements
        drivers.bindAll().bind(Drivers.MPSC);
        ManagedQueue<Long> queue = manager.open("relaxed", QueueSpec.parse("queue:mpsc"));
        swapToAndFro(new SwapLoad(queue, 2, 1, batch, true), "vyukov", "mpsc", 1_000);
        assertTrue(queue.stats().swaps() >= 100, "swaps: " + queue.stats().swaps());
        assertTrue(queue.isEmpty());
    }

    /**
     * Swaps the load's queue by operator, {@code rounds} times, between {@code first} and {@code second} (a ring of
     * 1024 and an unbounded queue). A swap may be refused only for the reason it should be: the unbounded queue ran
     * ahead of the consumer, and the ring cannot take what it holds.
     */
    private void swapToAndFro(SwapLoad load, String first, String second, int rounds) throws Exception {
        ManagedQueue<Long> queue = load.queue();
        String[] targets = {first, second};
        AtomicLong refused = new AtomicLong();
        AtomicLong step = new AtomicLong();
        long before = queue.stats().swaps();
        load.whileSwapping(rounds, () -> {
            try {
                manager.swap(queue.name(), targets[(int) (step.getAndIncrement() & 1)]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("more than the capacity 1024"), e.getMessage());
                refused.incrementAndGet();
            }
        });
        assertEquals(rounds, queue.stats().swaps() - before + refused.get(), "every swap made or rightly refused");
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
    void afterAnOperatorSwapTheQueueStillOpensWithItsOriginalSpec() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc"));
        manager.swap("q", "vyukov");
        assertEquals(QueueSpec.parse("queue:spsc?driver=vyukov"), queue.spec(), "the swap pins the driver");
        assertSame(queue, manager.open("q", QueueSpec.parse("queue:spsc")), "what the host asked for still opens it");
        assertSame(queue, manager.open("q", QueueSpec.parse("queue:spsc?driver=vyukov")));
        assertThrows(IllegalArgumentException.class, () -> manager.open("q", QueueSpec.parse("queue:mpsc")));
    }

    @Test
    void anExhaustedIteratorSaysSo() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc"));
        queue.offer(1L);
        manager.swap("q", "vyukov");
        queue.offer(2L);
        Iterator<Long> walk = queue.iterator();
        assertEquals(1L, walk.next());
        assertEquals(2L, walk.next());
        assertFalse(walk.hasNext());
        NoSuchElementException end = assertThrows(NoSuchElementException.class, walk::next);
        assertEquals("no more elements in managed queue 'q'", end.getMessage());
        assertFalse(walk.hasNext(), "and keeps saying so");
    }

    /**
     * size(), isEmpty(), the iterator and toArray stay exact while a queue that holds 4,096 elements throughout is
     * swapped thousands of times between drivers, by operator and by a driver leaving and coming back.
     */
    @Test
    void viewsStayExactWhileAQuietQueueIsSwappedOver() throws Exception {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc?capacity=4096"));
        for (long i = 0; i < 4_096; i++) {
            queue.offer(i);
        }
        AtomicLong wrong = new AtomicLong();
        AtomicLong looks = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                looks.incrementAndGet();
                if (queue.isEmpty() || queue.size() != 4_096 || !queue.contains(4_095L)) {
                    wrong.incrementAndGet();
                }
                if (looks.get() % 64 == 0 && queue.toArray().length != 4_096) {
                    wrong.incrementAndGet();
                }
            }
        });
        watcher.start();
        for (int i = 0; i < 3_000; i++) {
            if ((i & 1) == 0) {
                drivers.unbind(Drivers.VYUKOV); // to the fallback
            } else {
                drivers.bind(Drivers.VYUKOV);
            }
        }
        watcher.interrupt();
        watcher.join();
        assertEquals(0, wrong.get(), "wrong views in " + looks.get() + " looks");
        assertTrue(looks.get() > 0);
        assertEquals(3_000, queue.stats().swaps());
        HotSwapQueue<Long> managed = HotSwapQueue.behind(queue);
        int stages = 0;
        for (Stage<Long> s = managed.oldest(); s != null; s = s.next) {
            stages++;
        }
        assertEquals(2, stages, "the empty stages of 3,000 swaps are dropped: the first ring and the current one");
        for (long i = 0; i < 4_096; i++) {
            assertEquals(i, queue.poll());
        }
    }

    @Test
    void aConsumerGapIsMeasuredWhileTheSingleProducerMayStillAddToTheOldStage() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("gap", QueueSpec.parse("queue:spsc"));
        queue.offer(0L);
        manager.swap("gap", "vyukov");
        assertEquals(0L, queue.poll());
        assertNull(queue.poll(), "the producer has not left the ring yet");
        queue.offer(1L); // leaves the ring, adds to vyukov
        assertEquals(1L, queue.poll());
        assertTrue(queue.stats().longestConsumerGapNanos() > 0);
    }

    /**
     * An idle single producer may still be inside any stage it has not left, so swaps of a queue nobody uses
     * keep a stage each; past a limit an operator's swap is refused, and the producer's next call frees them.
     */
    @Test
    void swapsOfAnIdleSingleProducerQueueAreBoundedAndItsNextCallFreesThem() {
        drivers.bindAll();
        ManagedQueue<Long> queue = manager.open("idle", QueueSpec.parse("queue:spsc"));
        queue.offer(0L);
        String[] targets = {"vyukov", "spsc"};
        for (int i = 0; i < HotSwapQueueManager.MAX_RETIRED; i++) {
            manager.swap("idle", targets[i & 1]);
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> manager.swap("idle", "michaelscott"));
        assertEquals("cannot move queue 'idle': 32 earlier implementations are still in use (its consumers have not"
                + " drained them, or its single producer has made no call since); try again once they are done",
                refused.getMessage());
        assertEquals(0L, queue.poll());
        queue.offer(1L); // the producer's next call leaves every stage before the tail
        assertEquals(1L, queue.poll());
        manager.swap("idle", "michaelscott");
        assertEquals(1, (HotSwapQueue.behind(queue)).retiredStages(), "the finished stages were dropped");
    }
}
