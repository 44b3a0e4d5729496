package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.manager.ManagerRig;

/**
 * What the Lincheck tests of a single-producer single-consumer managed queue share: the queue, opened on the spsc
 * driver (so on its front, the ring itself) and moved between spsc and vyukov by an operator's
 * {@code QueueManager.swap} (both stages single-producer, so the producer's hand-over is the plain field and the
 * release mark of {@code Stage.Exit.SOLE}), and the operations every such test runs, on elements 1 to 3. Lincheck
 * reads operations from the test class and its superclasses; its non-parallel groups put every offer in one thread
 * and every consumer call in one thread, as the spec demands, while swap and isEmpty, which any thread may call, go
 * anywhere. Nothing widens, so the manager's settler thread never starts.
 */
public abstract class ManagedSpscQueueUnderSwaps {

    private final ManagerRig rig = new ManagerRig().bind("spsc", "vyukov");
    final ManagedQueue<Integer> queue;
    /** Whether the queue is on spsc (else on vyukov); guarded by {@link #rig}. */
    private boolean onSpsc = true;

    /** @param spec the queue's spec, a {@code queue:spsc?...} one */
    ManagedSpscQueueUnderSwaps(String spec) {
        queue = rig.open("q", spec);
        for (int e : setup()) {
            if (!queue.offer(e)) { // the constructor's thread is the producer until Lincheck's threads start
                throw new IllegalStateException("setup: offer(" + e + ") refused");
            }
        }
    }

    /** @return what the constructor offers (on spsc) before Lincheck starts looking; constants only */
    protected int[] setup() {
        return new int[0];
    }

    @Operation(nonParallelGroup = "producer")
    public boolean offer(@Param(gen = IntGen.class, conf = "1:3") int element) {
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
}
