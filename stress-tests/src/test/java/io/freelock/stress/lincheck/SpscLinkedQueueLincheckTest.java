package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.michaelscott.SpscLinkedQueue;

/**
 * Linearizability of {@link SpscLinkedQueue} against an unbounded FIFO, with every offer in one thread and every
 * poll, peek and remove(Object) in one thread (Lincheck's non-parallel groups), as its contract requires; isEmpty may run
 * anywhere. {@code size()} is left out for the reason given in {@link MichaelScottQueueLincheckTest}: it walks
 * the list, and a walk from a third thread can count an element the consumer has since taken and one the
 * producer has since added.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class SpscLinkedQueueLincheckTest {

    private final SpscLinkedQueue<Integer> queue = new SpscLinkedQueue<>();

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

    /** Removal is a consumer's operation in this queue, so it runs in the consumer's group. */
    @Operation(nonParallelGroup = "consumer")
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
