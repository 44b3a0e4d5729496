package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;


/**
 * Linearizability of a bounded single-consumer managed queue's removal across an operator's swaps:
 * queue:spsc?capacity=16 under {@link ManagedSpscQueueUnderSwaps}' swaps between spsc and vyukov, with
 * {@code remove(Object)} as an operation. Removal is a consumer operation on an SPSC queue, so it is in
 * the consumer's non-parallel group with poll and peek; the managed queue routes it to the stage that holds the
 * element, oldest first, whichever driver the queue is on by then. A removal, a poll and the producer's offers racing
 * a swap must still take each element at most once and keep the rest in order.
 *
 * <p>The capacity is larger than any scenario here offers, so the queue is never full and a FIFO without a bound is
 * its specification. That leaves out on purpose what no sequential specification can say: when a removed element's
 * place in a ring becomes free again (see {@link VyukovQueueRemovalLincheckTest}); the rings' own tests and jcstress
 * check that edge. {@code size()} is left out as in {@link ManagedSpscQueueLincheckTest} (an estimate across stages).
 */
public class ManagedSpscQueueRemovalLincheckTest extends ManagedSpscQueueUnderSwaps {

    public ManagedSpscQueueRemovalLincheckTest() {
        super("queue:spsc?capacity=16");
    }

    @Operation(nonParallelGroup = "consumer")
    public boolean remove(@Param(gen = IntGen.class, conf = "1:3") int element) {
        return queue.remove(element);
    }

    /** Four random scenarios by default (about 20 s on 2 busy cores); the hand-written one below is the key race. */
    @Test
    void modelChecking() {
        ManagedQueueLincheckTest.untracked(Checks.modelChecking(QueueSpecs.UnboundedWithSwaps.class, 3))
                .iterations(Integer.getInteger("lincheck.iterations", 4))
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 300))
                .check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(QueueSpecs.UnboundedWithSwaps.class, 3).check(getClass());
    }

    /** On spsc's front, holding 1, 2, 1. */
    public static class HoldingThree extends ManagedSpscQueueRemovalLincheckTest {
        @Override
        protected int[] setup() {
            return new int[] {1, 2, 1};
        }

        /** The queue this state holds, sequentially. */
        public static final class Spec extends QueueSpecs.UnboundedWithSwaps {
            public Spec() {
                super(1, 2, 1);
            }
        }
    }

    /**
     * The first swap (which redirects the front) races the consumer's removal of the first 1 and its poll, and the
     * producer's offers that go to the new stage: 1, 2, 1 stay on the ring while 3 and 1 may follow on vyukov; the
     * removal takes exactly the first 1, and every other element comes out once, in order. A managed queue that
     * asked the newest stage first fails here within its first invocations.
     */
    @Test
    void removalRacingTheFirstSwap() {
        ManagedQueueLincheckTest.checkOnly(HoldingThree.class, HoldingThree.Spec.class, 2000,
                s -> s.thread("remove(1)", "poll()").thread("swap()").thread("offer(3)", "offer(1)")
                        .post("remove(1)", "poll()", "poll()", "poll()"));
    }
}
