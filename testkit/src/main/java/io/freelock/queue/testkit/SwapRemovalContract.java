package io.freelock.queue.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;

/**
 * {@link RemovalContract} for a queue whose implementation can change under it (a managed queue): removal reaches
 * the elements every implementation still in use holds, by each way of removing, and leaves the rest in order.
 */
public interface SwapRemovalContract extends RemovalContract {

    /** Moves {@code queue} to another implementation, keeping what it holds, as an operator's swap does. */
    void swap(ConcurrentQueue<?> queue);

    @Test
    default void removalReachesElementsOnBothSidesOfASwap() {
        ConcurrentQueue<Long> queue = newRemovalQueue(64);
        for (long e = 0; e < 6; e++) {
            assertTrue(queue.offer(e));
        }
        swap(queue);
        for (long e = 6; e < 12; e++) {
            assertTrue(queue.offer(e));
        }
        assertTrue(queue.remove(1L), "an element offered before the swap");
        assertTrue(queue.remove(8L), "an element offered after it");
        assertFalse(queue.remove(1L), "removed once");
        for (Iterator<Long> it = queue.iterator(); it.hasNext(); ) {
            long e = it.next();
            if (e == 4 || e == 10) {
                it.remove(); // one through each implementation's iterator
            }
        }
        assertTrue(queue.removeIf(e -> e == 3 || e == 11));
        assertTrue(queue.removeAll(List.of(5L, 6L)), "the last element before the swap and the first after it");
        assertFalse(queue.retainAll(List.of(0L, 2L, 7L, 9L)), "nothing else is left to take");
        assertEquals(List.of(0L, 2L, 7L, 9L), new ArrayList<>(queue));
        assertEquals(4, queue.size());
        for (long e : new long[] {0, 2, 7, 9}) {
            assertEquals(e, queue.poll(), "the rest in order, across the swap");
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }
}
