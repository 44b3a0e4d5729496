package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.manager.GatedDriver;
import io.freelock.queue.manager.ManagerRig;

/**
 * Linearizability of a managed queue's removal across its stages: queue:mpmc?bounded=false, any thread calling
 * anything, with {@code remove(Object)} and an operator's swap as operations, between the michaelscott driver and a
 * driver whose queue is the manager's own fallback queue (GatedDriver CLOSABLE, named {@code closable}). Both remove
 * from any thread by one CAS of a node's element, and the managed queue asks each stage oldest first, so a removal
 * racing a swap, a poll or another removal of the same element must still take each element at most once and keep
 * the rest in order. Unbounded, so that a removed element's place (held by either queue until the consumers pass
 * it) plays no part; the bounded rings' removed places are checked by their own tests.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class ManagedQueueRemovalLincheckTest {

    private final ManagerRig rig = new ManagerRig().bind("michaelscott")
            .bind(new GatedDriver(GatedDriver.Kind.CLOSABLE, "closable", false), 21, 50);
    /** Opened on the fallback queue, so that the elements the constructor offers are in the one more often raced. */
    private final ManagedQueue<Integer> queue = rig.open("q", "queue:mpmc?bounded=false&driver=closable");
    /** Whether the queue is on michaelscott (else on the closable fallback queue); guarded by {@link #rig}. */
    private boolean onMichaelScott;

    public ManagedQueueRemovalLincheckTest() {
        for (int e : setup()) {
            queue.offer(e);
        }
    }

    /** @return what the constructor offers before Lincheck starts looking (on the fallback); constants only */
    protected int[] setup() {
        return new int[0];
    }

    @Operation
    public boolean offer(@Param(name = "element") int element) {
        return queue.offer(element);
    }

    @Operation
    public Integer poll() {
        return queue.poll();
    }

    @Operation
    public Integer peek() {
        return queue.peek();
    }

    @Operation
    public boolean remove(@Param(name = "element") int element) {
        return queue.remove(element);
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Moves the queue to the other driver, as an operator does. */
    @Operation
    public void swap() {
        synchronized (rig) {
            rig.manager().swap("q", onMichaelScott ? "closable" : "michaelscott");
            onMichaelScott = !onMichaelScott;
        }
    }

    @Test
    void modelChecking() {
        ManagedQueueLincheckTest.untracked(Checks.modelChecking(QueueSpecs.UnboundedWithSwaps.class, 3))
                .iterations(Integer.getInteger("lincheck.iterations", 10))
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 300))
                .check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(QueueSpecs.UnboundedWithSwaps.class, 3).check(getClass());
    }

    /** On the fallback, holding 1, 2, 1. */
    public static class HoldingThree extends ManagedQueueRemovalLincheckTest {
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
     * Two removals of the same element race a swap and a poll: the first 1 goes to exactly one of them, the second
     * 1 to at most one more, and 2 stays between them in order.
     */
    @Test
    void removalsRacingASwapAndAPoll() {
        ManagedQueueLincheckTest.checkOnly(HoldingThree.class, HoldingThree.Spec.class, 3000,
                s -> s.thread("remove(1)", "offer(3)").thread("swap()", "remove(1)").thread("poll()")
                        .post("poll()", "poll()", "poll()", "poll()"));
    }
}
