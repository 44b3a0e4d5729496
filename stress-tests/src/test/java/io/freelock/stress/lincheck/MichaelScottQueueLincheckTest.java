package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.michaelscott.MichaelScottQueue;

/**
 * Linearizability of {@link MichaelScottQueue} against an unbounded FIFO, with any thread calling any operation.
 *
 * <p>{@code size()} is left out: it counts by walking the list, as {@code ConcurrentLinkedQueue.size()} does,
 * and is documented as exact only when quiescent. While one thread walks, another can poll the element the walk
 * has counted and offer one the walk then counts too, so the walk returns a count the queue never had (Lincheck
 * finds that in its first scenarios). jcstress's WalkedSizeWithinBounds checks the bounds it does keep.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class MichaelScottQueueLincheckTest {

    private final MichaelScottQueue<Integer> queue = new MichaelScottQueue<>();

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

    /** Removal from anywhere, from any thread: linearizable with poll, taking the first equal element. */
    @Operation
    public boolean remove(@Param(name = "element") int element) {
        return queue.remove(element);
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Test
    void modelChecking() {
        Checks.modelChecking(QueueSpecs.Unbounded.class, 3).check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(QueueSpecs.Unbounded.class, 3).check(getClass());
    }
}
