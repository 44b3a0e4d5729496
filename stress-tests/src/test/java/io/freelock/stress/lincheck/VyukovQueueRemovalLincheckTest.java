package io.freelock.stress.lincheck;

import java.util.ArrayDeque;
import java.util.List;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.queue.vyukov.VyukovQueue;

/**
 * Linearizability of {@link VyukovQueue}'s {@code remove(Object)} with offer, poll, peek and isEmpty, any thread
 * calling any of them, against a FIFO queue with {@link java.util.Collection#remove(Object)} (the first equal
 * element goes).
 *
 * <p>The ring has sixteen slots, more than a scenario here ever offers, so it is never full. That leaves out, on
 * purpose, the one way removal shows at the full edge: a removed element keeps its slot until a consumer passes it,
 * and the consumer that passes it may still be on its way to the next element, so for a moment an offer can find
 * the ring full with fewer than its capacity queued. That is the bound the ring documents, and no sequential
 * specification can express when the slot comes back; Lincheck found exactly that interleaving on a ring of two.
 * The full edge with removals is checked by jcstress ({@code RemoveAgainstOffer}) and by VyukovQueueTest.
 * {@code size()} is left out too: while a removal races a consumer it may be off by one for a moment (documented),
 * so it is checked by {@link VyukovQueueLincheckTest} without removals, and by the unit tests with them.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public class VyukovQueueRemovalLincheckTest {

    private final VyukovQueue<Integer> queue = new VyukovQueue<>(16);

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
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Operation
    public boolean remove(@Param(name = "element") int element) {
        return queue.remove(element);
    }

    @Test
    void modelChecking() {
        Checks.modelChecking(FifoWithRemoval.class, 3).check(getClass());
    }

    @Test
    void stress() {
        Checks.stress(FifoWithRemoval.class, 3).check(getClass());
    }

    /** The sequential queue: FIFO, unbounded as far as these scenarios go, removing the first equal element. */
    public static final class FifoWithRemoval {
        private final ArrayDeque<Integer> elements = new ArrayDeque<>();

        public boolean offer(int element) {
            return elements.offer(element);
        }

        public Integer poll() {
            return elements.poll();
        }

        public Integer peek() {
            return elements.peek();
        }

        public boolean isEmpty() {
            return elements.isEmpty();
        }

        public boolean remove(int element) {
            return elements.removeFirstOccurrence(element);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FifoWithRemoval
                    && List.copyOf(((FifoWithRemoval) o).elements).equals(List.copyOf(elements));
        }

        @Override
        public int hashCode() {
            return List.copyOf(elements).hashCode();
        }
    }
}
