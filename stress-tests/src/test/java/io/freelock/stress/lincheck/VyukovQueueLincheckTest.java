package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.vyukov.VyukovQueue;

/**
 * Linearizability of {@link VyukovQueue} against a bounded FIFO, with any thread calling any operation, on a ring
 * of two so that scenarios keep crossing the full and the empty edge.
 *
 * <p>These tests found that poll and peek returned null while the head position was claimed but not yet
 * published (with a later element already published), and that offer returned false while a consumer was
 * still releasing the slot it needed: a queue that was neither empty nor full reported being so. The ring now
 * waits in those two cases (see its class documentation).
 *
 * <p>{@code fill} with a supplier that returns null is left out on purpose: it publishes a <em>hole</em>, an
 * empty position that counts in size() and isEmpty() until a consumer passes it, which no sequential
 * {@link java.util.Queue} has, so no specification could accept it; the hole behaviour is covered by
 * VyukovQueueTest. Batches are covered by jcstress (FillAgainstPoll, FillAgainstDrain, DrainAgainstOffer).
 *
 * <p>{@code remove(Object)} is checked by {@link VyukovQueueRemovalLincheckTest}, against a specification in which
 * a removed element keeps its place until a consumer passes it; this test keeps {@code size()}, which is exact only
 * while no removal is under way.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class VyukovQueueLincheckTest {

    private final VyukovQueue<Integer> queue = new VyukovQueue<>(2);

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
    public int size() {
        return queue.size();
    }

    @Operation
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Test
    void modelChecking() {
        Checks.modelChecking(QueueSpecs.BoundedTwo.class, 3).check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(QueueSpecs.BoundedTwo.class, 3).check(getClass());
    }
}
