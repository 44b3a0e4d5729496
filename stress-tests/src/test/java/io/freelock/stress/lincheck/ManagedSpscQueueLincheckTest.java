package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;

/**
 * Linearizability of a single-producer single-consumer {@link ManagedQueue} with swaps as operations:
 * queue:spsc?capacity=2 under {@link ManagedSpscQueueUnderSwaps}' swaps between spsc and vyukov, against a bounded
 * FIFO of 2 on which a swap does nothing; size(), which any thread may call, goes anywhere.
 *
 * <p>size() is checked for its bounds only, as in {@link ManagedQueueLincheckTest} (a sum over stages read one after
 * the other, documented as an estimate under concurrency); the same limit of Lincheck's model checker applies, so
 * the hand-written scenarios start from states the constructor builds and swap once.
 */
public class ManagedSpscQueueLincheckTest extends ManagedSpscQueueUnderSwaps {

    public ManagedSpscQueueLincheckTest() {
        super("queue:spsc?capacity=2");
    }

    /** size() checked against its documented bounds only; a result outside [0, 2] throws. */
    @Operation
    public void sizeWithinBounds() {
        int size = queue.size();
        if (size < 0 || size > 2) {
            throw new IllegalStateException("size() " + size + " outside [0, 2]");
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
