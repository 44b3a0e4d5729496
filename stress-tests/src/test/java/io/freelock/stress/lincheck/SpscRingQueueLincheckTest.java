package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.spsc.SpscRingQueue;

/**
 * Linearizability of {@link SpscRingQueue} against a bounded FIFO with removal, on a ring of two: a removed
 * element's place counts against the capacity until the consumer passes it ({@link QueueSpecs.BoundedTwoWithRemovedPlaces}). Its contract allows one
 * producer and one consumer thread: Lincheck's non-parallel groups put every offer in one thread and every poll,
 * peek and remove(Object) (removal is the consumer's) in one thread, while size and isEmpty, which any thread may
 * call, go anywhere.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class SpscRingQueueLincheckTest {

    private final SpscRingQueue<Integer> queue = new SpscRingQueue<>(2);

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

    /** Removal is a consumer's operation on a single-consumer queue: in the consumer's group. */
    @Operation(nonParallelGroup = "consumer")
    public boolean remove(@Param(name = "element") int element) {
        return queue.remove(Integer.valueOf(element));
    }

    @Operation
    public int size() {
        return queue.size();
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Test
    void modelChecking() {
        Checks.modelChecking(QueueSpecs.BoundedTwoWithRemovedPlaces.class, 2).check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(QueueSpecs.BoundedTwoWithRemovedPlaces.class, 2).check(getClass());
    }
}
