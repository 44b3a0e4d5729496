package io.freelock.stress.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.manager.GatedDriver;
import io.freelock.queue.manager.GatedDriver.Gate;
import io.freelock.queue.manager.GatedDriver.Kind;
import io.freelock.queue.manager.ManagerRig;

/**
 * Races inside a swap, made deterministic: the gated driver's queues hold a thread where a preemption would, so each
 * step comes in the order that breaks the queue. The jcstress tests ProducerLeavesStage, LimitedStage and
 * LateProducerAgainstLimitedStage caught the first two once in hundreds of thousands of runs.
 *
 * <p>HotSwapQueue.swapTo links the retired stage to its successor, publishes the successor as the tail, and only
 * then closes the retired stage if it is closable. Between the tail and the close, a thread that reads the new tail
 * finds an old stage that is retired but still open to producers that read the old tail.
 */
class SwapWindowTest {

    /**
     * The single producer's next call after a swap while the swapper is in the middle of it (held at its last look
     * at the old stage's size, inside swapTo). Before 0e4b129 the tail was published before the old stage's next
     * was set: the producer's walk from the head (leaveSoleStagesBefore) met that null, took it for "the head has
     * passed the stage" and marked nothing, then added to the new stage; nothing ever marked the old stage left, so
     * consumers never moved past it and never got 2 or anything after it (jcstress: ProducerLeavesStage
     * "1, 1, 0, 2, 0", LimitedStage "1, 0, 1, 1, 0"). Wherever the producer's offer goes, 1, 2, 3 must come out.
     */
    @Test
    void singleProducerCallDuringSwapLeavesTheOldStage() throws InterruptedException {
        GatedDriver gated = new GatedDriver(Kind.SPSC);
        ManagerRig rig = new ManagerRig().bind("vyukov").bind(gated, 21, 300);
        ManagedQueue<Integer> queue = rig.open("q", "queue:spsc?capacity=4");
        assertEquals("gated", queue.driver());
        assertTrue(queue.offer(1)); // the producer is inside the gated stage

        Thread swapper = new Thread(() -> rig.manager().swap("q", "vyukov"), "swapper");
        AtomicInteger sizes = new AtomicInteger();
        // The swap reads the old stage's size twice: whether the new driver can hold it, then in swapTo, for the
        // stats, right next to publishing the tail. Hold the second.
        Gate insideSwapTo = gated.holdSize(() -> Thread.currentThread() == swapper && sizes.incrementAndGet() == 2);
        swapper.start();
        insideSwapTo.awaitReached();

        assertTrue(queue.offer(2)); // the producer's next call
        insideSwapTo.release();
        swapper.join();

        assertTrue(queue.offer(3)); // and one more, well after the swap
        assertEquals(1, queue.poll());
        assertEquals(2, queue.poll(), "2 is stranded behind a stage never marked left");
        assertEquals(3, queue.poll());
    }

    /**
     * A producer of a counted stage (a multi-producer driver whose queue is not closable) has counted itself in and
     * seen the stage not retired; it is about to offer. The swap returns without waiting for it, and the next offer
     * reserves room in the new, limited stage from the old stage's size, which does not include that producer's
     * element yet. Both offers succeed: a queue of capacity 2 holds 3 (jcstress:
     * LateProducerAgainstLimitedStage.FromVyukov "1, 1, 3, 1").
     */
    @Test
    void producerInsideCountedStageAndOfferAfterSwapKeepCapacity() throws InterruptedException {
        GatedDriver gated = new GatedDriver(Kind.VYUKOV);
        ManagerRig rig = new ManagerRig().bind("vyukov").bind(gated, 21, 300);
        ManagedQueue<Integer> queue = rig.open("q", "queue:mpmc?capacity=2");
        assertEquals("gated", queue.driver());
        assertEquals(2, queue.capacity());
        assertTrue(queue.offer(1));

        AtomicBoolean lateOffer = new AtomicBoolean();
        Thread late = new Thread(() -> lateOffer.set(queue.offer(2)), "late producer");
        Gate beforeClaim = gated.holdOffer(() -> Thread.currentThread() == late);
        late.start();
        beforeClaim.awaitReached(); // counted in, next seen null, about to offer to the gated ring

        rig.manager().swap("q", "vyukov");
        boolean afterSwap = queue.offer(3);
        beforeClaim.release();
        late.join();

        assertFalse(lateOffer.get() && afterSwap, "both offers accepted: the queue holds " + drain(queue)
                + " with capacity 2");
    }

    /**
     * A producer of a closable stage read the old tail and is about to claim room in it (held before its claim,
     * as a preemption would); the swapper has published the new tail but not closed the old stage yet (held in
     * closeProducers); a second producer reads the new tail and reserves room in the limited new stage from the old
     * stage's size, 1, which leaves room for one. Then the first producer claims its room in the old stage, which is
     * still open. Both offers succeed: a queue of capacity 2 holds 3.
     */
    @Test
    void producersOnBothSidesOfSwapFromClosableStageKeepCapacity() throws InterruptedException {
        GatedDriver gated = new GatedDriver(Kind.CLOSABLE);
        ManagerRig rig = new ManagerRig().bind("vyukov").bind(gated, 21, 300);
        ManagedQueue<Integer> queue = rig.open("q", "queue:mpmc?capacity=2");
        assertEquals("gated", queue.driver());
        assertTrue(queue.offer(1));

        AtomicBoolean oldTailOffer = new AtomicBoolean();
        Thread oldTail = new Thread(() -> oldTailOffer.set(queue.offer(2)), "producer on the old tail");
        Gate beforeClaim = gated.holdOffer(() -> Thread.currentThread() == oldTail);
        oldTail.start();
        beforeClaim.awaitReached(); // read the gated stage as the tail, about to claim room in it

        Thread swapper = new Thread(() -> rig.manager().swap("q", "vyukov"), "swapper");
        Gate beforeClose = gated.holdClose(() -> Thread.currentThread() == swapper);
        swapper.start();
        beforeClose.awaitReached(); // tail is the vyukov stage; the gated stage is linked to it but still open

        boolean newTailOffer = queue.offer(3);
        beforeClaim.release();
        oldTail.join();
        beforeClose.release();
        swapper.join();

        assertFalse(oldTailOffer.get() && newTailOffer, "both offers accepted: the queue holds " + drain(queue)
                + " with capacity 2");
    }

    /**
     * In the same window (new tail published, old stage linked but not closed yet), an offer completes into the new
     * stage; then the same thread asks isEmpty(), which walks every stage and says false, and poll(), which finds
     * the head stage empty and not finished (not closed yet) and returns null. No offer is in flight: the queue
     * holds 1 for the whole of the poll. ManagedQueue allows a consumer to find the queue briefly empty only "while
     * the previous implementation's last in-flight offers complete"; here it is the swap itself that is in flight.
     */
    @Test
    void pollAfterCompletedOfferDuringSwapFindsIt() throws InterruptedException {
        GatedDriver gated = new GatedDriver(Kind.CLOSABLE);
        ManagerRig rig = new ManagerRig().bind("vyukov").bind(gated, 21, 300);
        ManagedQueue<Integer> queue = rig.open("q", "queue:mpmc?capacity=2");
        assertEquals("gated", queue.driver());

        Thread swapper = new Thread(() -> rig.manager().swap("q", "vyukov"), "swapper");
        Gate beforeClose = gated.holdClose(() -> Thread.currentThread() == swapper);
        swapper.start();
        beforeClose.awaitReached();

        assertTrue(queue.offer(1));
        boolean empty = queue.isEmpty();
        Integer polled = queue.poll();
        beforeClose.release();
        swapper.join();

        assertFalse(empty, "isEmpty() after offer(1) returned");
        assertEquals(1, polled, "poll() after offer(1) returned, with no offer in flight (isEmpty() said "
                + empty + " just before)");
    }

    private static List<Integer> drain(ManagedQueue<Integer> queue) {
        List<Integer> all = new ArrayList<>();
        for (Integer e; (e = queue.poll()) != null; ) {
            all.add(e);
        }
        return all;
    }
}
