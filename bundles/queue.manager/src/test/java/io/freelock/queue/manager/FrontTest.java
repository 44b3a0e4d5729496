package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.michaelscott.MichaelScottDriver;
import io.freelock.queue.spsc.SpscDriver;
import io.freelock.queue.vyukov.VyukovDriver;

/**
 * A managed queue opened on a driver that makes fronts (the spsc and vyukov rings, the michaelscott list) is handed out as that front: the driver's
 * queue itself until the first swap, the manager's queue after it, and one object throughout.
 */
class FrontTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager).bindAll();

    @Test
    void aQueueOnTheSpscDriverIsHandedOutAsItsFrontEverywhere() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?capacity=8"));

        FrontQueue<Long> front = assertInstanceOf(FrontQueue.class, queue);
        HotSwapQueue<Long> behind = HotSwapQueue.behind(queue);
        assertSame(behind, front.behind());
        assertSame(front.own(), behind.oldest().queue, "the front's ring is the manager's first stage");
        assertSame(queue, manager.open("q", QueueSpec.parse("queue:spsc?capacity=8")), "opened again: the same face");
        assertSame(queue, manager.find("q").orElseThrow());
        assertSame(queue, manager.queues().iterator().next());
        assertEquals("q", queue.name());
        assertEquals("spsc", queue.driver());
        assertEquals(QueueSpec.parse("queue:spsc?capacity=8"), queue.spec());
        assertFalse(queue instanceof CountingQueue, "the face does not pass the first ring's counts off as the queue's");
    }

    @Test
    void aDriverWithoutFrontsHandsOutTheManagersQueue() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?bounded=false"));

        assertEquals("michaelscott", queue.driver(), "its linked SPSC queue has no front");
        assertSame(HotSwapQueue.behind(queue), queue);
    }

    @Test
    void aQueueOnTheMichaelScottDriverIsHandedOutAsItsFrontWhoseListClosesAsAStageOfItDoes() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc?bounded=false"));

        FrontQueue<Long> front = assertInstanceOf(FrontQueue.class, queue);
        assertEquals("michaelscott", queue.driver());
        assertSame(front.own(), HotSwapQueue.behind(queue).oldest().queue, "the front's list is the first stage");
        assertInstanceOf(ClosableQueue.class, front.own(), "a swap closes the list to producers");
        assertFalse(queue instanceof ClosableQueue, "a host cannot close the managed queue's producers");
        assertEquals(ConcurrentQueue.UNBOUNDED_CAPACITY, queue.capacity());
    }

    @Test
    void aQueueOnTheVyukovDriverIsHandedOutAsItsFrontWhoseRingClosesAsAVyukovStageDoes() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc?capacity=8"));

        FrontQueue<Long> front = assertInstanceOf(FrontQueue.class, queue);
        assertEquals("vyukov", queue.driver());
        assertSame(front.own(), HotSwapQueue.behind(queue).oldest().queue, "the front's ring is the first stage");
        assertInstanceOf(ClosableQueue.class, front.own(), "a swap closes the ring to producers, as any vyukov stage");
        assertInstanceOf(CountingQueue.class, front.own(), "its traffic is counted from its indices");
        assertFalse(queue instanceof ClosableQueue, "a host cannot close the managed queue's producers");
        assertFalse(queue instanceof CountingQueue);
        assertSame(queue, manager.open("q", QueueSpec.parse("queue:mpmc?capacity=8")));
    }

    /**
     * The first swap of a queue on a multi-producer driver's front, which closes the driver's queue: a respecify of
     * the vyukov ring to a bigger one, or the michaelscott driver going away (to the manager's fallback queue).
     */
    private void firstSwap(ManagedQueue<Long> queue) {
        if ("vyukov".equals(queue.driver())) {
            manager.respecify("q", QueueSpec.parse("queue:mpmc?capacity=16"));
        } else {
            drivers.unbind(Drivers.MICHAELSCOTT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"queue:mpmc?capacity=8", "queue:mpmc?bounded=false"})
    void beforeTheFirstSwapAMultiProducerFrontWorksOnItsQueueAndAfterItOnEveryStageInOrder(String spec) {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse(spec));
        FrontQueue<Long> front = (FrontQueue<Long>) queue;
        assertTrue(queue.offer(1L));
        assertTrue(queue.relaxedOffer(2L));
        assertEquals(2, queue.fill(List.of(3L, 4L).iterator()::next, 2));
        assertEquals(4, front.own().size(), "offered and filled straight into the driver's queue");

        firstSwap(queue);
        assertTrue(queue.offer(5L));
        assertTrue(queue.relaxedOffer(6L));
        assertEquals(1, queue.relaxedFill(() -> 7L, 1));
        assertEquals(4, front.own().size(), "after the swap nothing more goes to the driver's queue");
        assertTrue(((ClosableQueue<Long>) front.own()).producersClosed(), "the swap closed it");
        assertEquals(7, queue.size(), "size counts both stages");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), new ArrayList<>(queue), "both stages, oldest first");
        assertEquals(1L, queue.peek());

        List<Long> taken = new ArrayList<>();
        taken.add(queue.poll());
        taken.add(queue.relaxedPoll());
        queue.drain(taken::add, 3);
        queue.relaxedDrain(taken::add, 5);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), taken, "each element once, in order, across the swap");
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    /**
     * A michaelscott front on a single-producer spec: its stage learns that the producer left from the producer itself
     * (its first call through the manager's queue after the swap), as an spsc front's does, and the list is never
     * closed. Until then a consumer stays on the list, and the producer's later elements follow its earlier ones.
     */
    @Test
    void aSingleProducerFrontOnTheListLeavesItOnItsFirstCallAfterTheSwap() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spmc?bounded=false"));
        FrontQueue<Long> front = assertInstanceOf(FrontQueue.class, queue);
        assertEquals("michaelscott", queue.driver());
        assertTrue(queue.offer(1L));
        assertEquals(1, queue.fill(() -> 2L, 1));

        drivers.unbind(Drivers.MICHAELSCOTT);
        assertEquals(1L, queue.poll(), "the list is still the head stage");
        assertEquals(2L, queue.poll());
        assertNull(queue.poll(), "empty: the producer has added nothing since the swap");
        assertTrue(queue.offer(3L));
        assertEquals(1, queue.fill(() -> 4L, 1));
        assertEquals(0, front.own().size(), "after the swap nothing more goes to the list");
        assertFalse(((ClosableQueue<Long>) front.own()).producersClosed(), "a single producer's list is left, not closed");
        assertEquals(List.of(3L, 4L), new ArrayList<>(queue));
        List<Long> taken = new ArrayList<>();
        queue.drain(taken::add, 5);
        assertEquals(List.of(3L, 4L), taken, "the consumer moved past the list once the producer had left it");
        assertEquals(1, queue.stats().swaps());
        assertTrue(queue.isEmpty());
    }

    /**
     * A fill whose supplier makes the first swap on its first call. The driver's queue completes what it took before
     * the close (the ring's range of 8 it claimed; the list's first batch of 64, begun before it) and refuses the
     * rest. Without the front's second look the fill would stop there, a short count while the queue has room; it
     * must go on in the new stage, in order.
     */
    @ParameterizedTest(name = "{0}: {1} in all, {2} in the driver's queue")
    @CsvSource({"queue:mpmc?capacity=8, 10, 8", "queue:mpmc?bounded=false, 70, 64"})
    void aFillWhoseQueueTheFirstSwapClosesUnderItAddsTheRestToTheNewStage(String spec, int limit, int inFront) {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse(spec));
        FrontQueue<Long> front = (FrontQueue<Long>) queue;
        long[] next = {0};

        int added = queue.fill(() -> {
            if (next[0] == 0) {
                firstSwap(queue);
            }
            return next[0]++;
        }, limit);

        assertEquals(limit, added, "what the closed queue refused went to the new stage");
        assertEquals(inFront, front.own().size());
        List<Long> taken = new ArrayList<>();
        queue.drain(taken::add, 100);
        assertEquals(LongStream.range(0, limit).boxed().collect(Collectors.toList()), taken);
    }

    @Test
    void theVyukovFrontRefusesOnlyWhenTheRingIsFullAndLeavesItAsItWas() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc?capacity=4"));
        for (long e = 0; e < 4; e++) {
            assertTrue(queue.offer(e));
        }

        assertFalse(queue.offer(4L));
        assertFalse(queue.relaxedOffer(4L));
        assertEquals(0, queue.fill(() -> 4L, 3));
        assertEquals(0, queue.relaxedFill(() -> 4L, 3));
        assertEquals(4, queue.size());
        assertEquals(0, queue.stats().swaps(), "a full ring is no reason to move the queue");
        assertEquals(List.of(0L, 1L, 2L, 3L), new ArrayList<>(queue));
    }

    @Test
    void beforeTheFirstSwapTheFrontWorksOnItsRingAndAfterItOnEveryStageInOrder() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?capacity=8"));
        FrontQueue<Long> front = (FrontQueue<Long>) queue;
        queue.offer(1L);
        queue.fill(List.of(2L, 3L).iterator()::next, 2);
        assertEquals(3, front.own().size(), "offered and filled straight into the ring");

        manager.swap("q", "vyukov");
        queue.offer(4L);
        assertEquals("vyukov", queue.driver());
        assertEquals(3, front.own().size(), "after the swap nothing more goes to the ring");
        assertEquals(4, queue.size(), "size counts both stages");
        assertFalse(queue.isEmpty());
        assertEquals(List.of(1L, 2L, 3L, 4L), new ArrayList<>(queue), "the iterator walks both stages, oldest first");
        assertTrue(queue.contains(4L));
        assertEquals(1L, queue.peek());

        List<Long> taken = new ArrayList<>();
        taken.add(queue.poll());
        queue.drain(taken::add, 2);
        taken.add(queue.poll());
        assertEquals(List.of(1L, 2L, 3L, 4L), taken, "each element once, in order, across the swap");
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void whatTheFrontMovesOnItsRingIsCountedInTheQueuesTraffic() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?capacity=8"));
        HotSwapQueue<Long> behind = HotSwapQueue.behind(queue);
        behind.metering(true);
        queue.offer(1L);
        queue.offer(2L);
        queue.poll();
        manager.swap("q", "vyukov");
        queue.offer(3L);
        queue.poll();

        assertEquals(3, behind.offeredCount());
        assertEquals(2, behind.polledCount());
    }

    /**
     * The michaelscott list keeps no count of its own, so a front on it that a metrics registry reports would move
     * elements nobody counts: metering redirects it to the manager's queue, which counts each call, and nothing moves.
     */
    @Test
    void aFrontWhoseQueueKeepsNoCountIsCountedOnceMetered() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpmc?bounded=false"));
        FrontQueue<Long> front = (FrontQueue<Long>) queue;
        HotSwapQueue<Long> behind = HotSwapQueue.behind(queue);
        queue.offer(0L); // before metering: not counted, as on any stage that keeps no count

        behind.metering(true);
        queue.offer(1L);
        assertEquals(1, queue.fill(List.of(2L).iterator()::next, 1));
        assertEquals(0L, queue.poll());

        assertEquals(2, behind.offeredCount());
        assertEquals(1, behind.polledCount());
        assertSame(front.own(), behind.newest().queue, "still on the list: metering moved nothing");
        assertEquals(0, queue.stats().swaps());
        assertEquals(List.of(1L, 2L), new ArrayList<>(queue));
    }

    @Test
    void theFrontKeepsTheQueuesCapacityAcrossASwap() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?capacity=4"));
        for (long e = 0; e < 4; e++) {
            assertTrue(queue.offer(e));
        }
        manager.swap("q", "vyukov");

        assertEquals(4, queue.capacity());
        assertFalse(queue.offer(4L), "the ring's 4 elements still count against the capacity on the new stage");
        assertEquals(0L, queue.poll());
        assertEquals(3, queue.size());
        assertTrue(queue.offer(4L), "room again once one was taken");
    }

    @Test
    void theFrontsDriverGoingAwayMovesTheQueueAndItsRingDrainsInPlace() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc?capacity=8"));
        queue.offer(1L);

        drivers.unbind(Drivers.SPSC);
        queue.offer(2L);

        assertEquals("vyukov", queue.driver());
        assertEquals(1L, queue.poll());
        assertEquals(2L, queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void aSpecADriverRefusesGetsNoFront() {
        ManagedQueue<Long> behind = HotSwapQueue.behind(manager.open("q", QueueSpec.parse("queue:spsc")));

        assertThrows(IllegalArgumentException.class,
                () -> new SpscDriver().createFront(QueueSpec.parse("queue:mpmc"), behind));
        assertThrows(NullPointerException.class, () -> new SpscDriver().createFront(QueueSpec.parse("queue:spsc"), null));
        assertThrows(IllegalArgumentException.class,
                () -> new VyukovDriver().createFront(QueueSpec.parse("queue:mpmc?bounded=false"), behind));
        assertThrows(NullPointerException.class,
                () -> new VyukovDriver().createFront(QueueSpec.parse("queue:mpmc"), null));
        assertThrows(IllegalArgumentException.class,
                () -> new MichaelScottDriver().createFront(QueueSpec.parse("queue:mpmc?capacity=8"), behind));
        assertThrows(NullPointerException.class,
                () -> new MichaelScottDriver().createFront(QueueSpec.parse("queue:mpmc?bounded=false"), null));
    }
}
