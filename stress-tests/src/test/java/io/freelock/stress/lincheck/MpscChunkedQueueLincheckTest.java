package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.mpsc.MpscChunkedQueue;

/**
 * Linearizability of {@link MpscChunkedQueue} against an unbounded FIFO with {@code remove(Object)}: offers from any
 * thread; poll, peek and remove in one thread (Lincheck's non-parallel group), the single consumer its contract
 * requires, removal being the consumer's operation; isEmpty anywhere. A small element range makes remove often find
 * an equal element, and often the first of two. {@code size()} is left out: it is the added count less the removed
 * count, two reads, so while an offer and a poll run between them it can answer a count the queue never had at one
 * instant; it is exact when quiescent, as documented.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class MpscChunkedQueueLincheckTest {

    private final MpscChunkedQueue<Integer> queue = new MpscChunkedQueue<>();

    @Operation
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
