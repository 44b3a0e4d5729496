package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.manager.ManagerRig;

/**
 * Linearizability of a single-producer single-consumer {@link ManagedQueue} with swaps as operations:
 * queue:spsc?capacity=2, swapped by the operator's {@code QueueManager.swap} between the spsc driver and vyukov
 * (both stages single-producer, so the producer's hand-over is the plain field and the release mark of
 * {@code Stage.Exit.SOLE}), against a bounded FIFO of 2 on which a swap does nothing. Lincheck's non-parallel
 * groups put every offer in one thread and every poll and peek in one thread, as the spec demands; swap, size and
 * isEmpty, which any thread may call, go anywhere. Nothing widens, so the manager's settler thread never starts.
 *
 * <p>size() is checked for its bounds only, as in {@link ManagedQueueLincheckTest} (a sum over stages read one after
 * the other, documented as an estimate under concurrency); the same limit of Lincheck's model checker applies, so
 * the hand-written scenarios start from states the constructor builds and swap once.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class ManagedSpscQueueLincheckTest {

    private final ManagerRig rig = new ManagerRig().bind("spsc", "vyukov");
    private final ManagedQueue<Integer> queue = rig.open("q", "queue:spsc?capacity=2");
    /** Whether the queue is on spsc (else on vyukov); guarded by {@link #rig}. */
    private boolean onSpsc = true;

    public ManagedSpscQueueLincheckTest() {
        for (int e : setup()) {
            if (!queue.offer(e)) { // the constructor's thread is the producer until Lincheck's threads start
                throw new IllegalStateException("setup: offer(" + e + ") refused");
            }
        }
    }

    /** @return what the constructor offers before Lincheck starts looking; constants only */
    protected int[] setup() {
        return new int[0];
    }

    @Operation(nonParallelGroup = "producer")
    public boolean offer(@Param(name = "element") int element) {
        return queue.offer(element);
    }

    @Operation(nonParallelGroup = "consumer")
    public Integer poll() {
        return queue.poll();
    }

    @Operation(nonParallelGroup = "consumer")
    public Integer peek() {
        return queue.peek();
    }

    /** size() checked against its documented bounds only; a result outside [0, 2] throws. */
    @Operation
    public void sizeWithinBounds() {
        int size = queue.size();
        if (size < 0 || size > 2) {
            throw new IllegalStateException("size() " + size + " outside [0, 2]");
        }
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Moves the queue to the other driver, as an operator does. */
    @Operation
    public void swap() {
        synchronized (rig) {
            rig.manager().swap("q", onSpsc ? "vyukov" : "spsc");
            onSpsc = !onSpsc;
        }
    }

    @Test
    void modelChecking() {
        ManagedQueueLincheckTest.untracked(Checks.modelChecking(QueueSpecs.BoundedTwoWithSwaps.class, 3))
                .iterations(Integer.getInteger("lincheck.iterations", 10))
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 300))
                .check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(QueueSpecs.BoundedTwoWithSwaps.class, 3).check(getClass());
    }

    /** On spsc, holding 1 offered by the producer. */
    public static class HoldingOne extends ManagedSpscQueueLincheckTest {
        @Override
        protected int[] setup() {
            return new int[] {1};
        }

        /** The queue this state holds, sequentially. */
        public static final class Spec extends QueueSpecs.BoundedTwoWithSwaps {
            public Spec() {
                super(1);
            }
        }
    }

    /** On spsc, full with 1, 2. */
    public static class Full extends ManagedSpscQueueLincheckTest {
        @Override
        protected int[] setup() {
            return new int[] {1, 2};
        }

        /** The queue this state holds, sequentially. */
        public static final class Spec extends QueueSpecs.BoundedTwoWithSwaps {
            public Spec() {
                super(1, 2);
            }
        }
    }

    /**
     * The producer's hand-over: its next call after a swap (from spsc to vyukov) races the swap's steps; the consumer
     * then takes what is there. Before 0e4b129 (tail published before the old stage's next was set) the producer
     * could add 2 to the vyukov stage without marking the spsc stage left, and 2 was never delivered.
     */
    @Test
    void producerLeavesStage() {
        ManagedQueueLincheckTest.checkOnly(HoldingOne.class, HoldingOne.Spec.class, 3000,
                s -> s.thread("offer(2)").thread("swap()").post("poll()", "poll()", "poll()"));
    }

    /** The same with the consumer in the race too. */
    @Test
    void producerLeavesStageWhileConsumerPolls() {
        ManagedQueueLincheckTest.checkOnly(HoldingOne.class, HoldingOne.Spec.class, 3000,
                s -> s.thread("offer(2)").thread("poll()", "poll()").thread("swap()"));
    }

    /**
     * The limited stage: a full queue swapped while the consumer makes room for one and the producer offers two; at
     * most one of them fits, and only after the poll.
     */
    @Test
    void limitedStage() {
        ManagedQueueLincheckTest.checkOnly(Full.class, Full.Spec.class, 3000,
                s -> s.thread("offer(3)", "offer(1)").thread("poll()").thread("swap()").post("poll()", "poll()"));
    }
}
