package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;

/**
 * What a managed queue reports as offered and polled (the metrics' counts): free and always on for stages on a
 * counting ring, per call while metering for the others, and exact across swaps, whoever drops the old stages.
 */
class TrafficCountsTest {

    /** Specs whose drivers alternate between a counting ring (vyukov) and a queue that keeps no count (michaelscott). */
    private static final QueueSpec[] SPECS = {
        QueueSpec.parse("queue:mpmc?bounded=false"), QueueSpec.parse("queue:mpmc?capacity=65536")};

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager).bindAll();

    @Test
    void aRingIsCountedEvenWithoutMetering() {
        HotSwapQueue<Long> queue = open("queue:spsc?capacity=16&driver=spsc");
        offer(queue, 10);
        poll(queue, 4);
        assertCounts(queue, 10, 4);
    }

    @Test
    void aQueueThatKeepsNoCountIsCountedOnlyWhileMetering() {
        HotSwapQueue<Long> queue = open("queue:mpmc?bounded=false&driver=michaelscott");
        offer(queue, 3);
        assertCounts(queue, 0, 0);
        queue.metering(true);
        offer(queue, 5);
        assertEquals(4, queue.fill(() -> 7L, 4));
        poll(queue, 2);
        assertEquals(10, queue.drain(e -> { }, 100));
        assertCounts(queue, 9, 12);
        queue.metering(false);
        offer(queue, 1);
        assertCounts(queue, 9, 12);
    }

    @Test
    void theCountsStayExactAcrossSwapsBetweenCountedAndUncountedStages() {
        HotSwapQueue<Long> queue = open("queue:mpmc?capacity=256");
        queue.metering(true);
        long offered = 0;
        long polled = 0;
        for (int round = 0; round < 30; round++) {
            offered += offer(queue, 5 + round % 7);
            manager.respecify("q", SPECS[round % 2]);
            // sometimes the old stages are left holding elements (the manager drops the finished ones behind
            // them), sometimes emptied (a consumer moves the head past them)
            polled += poll(queue, round % 3 == 0 ? 100 : 3);
            assertCounts(queue, offered, polled);
        }
        List<Long> rest = new ArrayList<>();
        polled += queue.drain(rest::add, Integer.MAX_VALUE);
        assertEquals(offered, polled);
        assertCounts(queue, offered, polled);
    }

    @Test
    void theCountsOnlyGrowWhileProducersConsumersAndSwapsRunAndEndExact() throws Exception {
        HotSwapQueue<Long> queue = open("queue:mpmc?capacity=65536");
        queue.metering(true);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong decreases = new AtomicLong();
        Thread reader = new Thread(() -> {
            long lastOffered = 0;
            long lastPolled = 0;
            while (!done.get()) {
                long offered = queue.offeredCount();
                long polled = queue.polledCount();
                if (offered < lastOffered || polled < lastPolled) {
                    decreases.incrementAndGet();
                }
                lastOffered = offered;
                lastPolled = polled;
            }
        }, "reader");
        reader.start();
        int[] next = {0};
        // bounded above what an exchange can hold (2 producers x 20,000), so that no respecify is refused for size
        int exchanges = new SwapLoad(queue, 2, 2, false).whileSwapping(300,
                () -> manager.respecify("q", SPECS[next[0]++ % 2]));
        done.set(true);
        reader.join();
        assertEquals(0, decreases.get(), "reads where a count went down");
        assertEquals(300, queue.stats().swaps(), "every respecify changed the driver");
        long moved = exchanges * 2L * 20_000;
        assertCounts(queue, moved, moved);
    }

    private HotSwapQueue<Long> open(String spec) {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse(spec));
        return HotSwapQueue.behind(queue);
    }

    private static long offer(HotSwapQueue<Long> queue, int elements) {
        for (long i = 0; i < elements; i++) {
            assertEquals(true, queue.offer(i));
        }
        return elements;
    }

    private static long poll(HotSwapQueue<Long> queue, int atMost) {
        long taken = 0;
        while (taken < atMost && queue.poll() != null) {
            taken++;
        }
        return taken;
    }

    private static void assertCounts(HotSwapQueue<Long> queue, long offered, long polled) {
        assertEquals(offered, queue.offeredCount(), "offered");
        assertEquals(polled, queue.polledCount(), "polled");
    }
}
