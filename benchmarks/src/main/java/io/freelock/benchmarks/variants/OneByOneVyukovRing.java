package io.freelock.benchmarks.variants;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.vyukov.VyukovQueue;

/**
 * The "before" of the Vyukov ring's range claims: its batch paths as they were up to commit ac02a48, over the real
 * ring, whose offer and poll did not change. {@link #fill} claims one position per CAS (an offer per element) and
 * {@link #drain} is {@code ConcurrentQueue}'s default, a poll per element. Unlike the ring's old fill, this one
 * asks the supplier before it knows there is room; the benchmarks' supplier hands out one preallocated element,
 * so nothing is lost by that and the atomic operations per element are the old fill's. Measured next to the real
 * ring in the same run.
 *
 * @param <E> the element type
 */
public final class OneByOneVyukovRing<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {

    private final VyukovQueue<E> ring;

    /** @param capacity as for {@link VyukovQueue} */
    public OneByOneVyukovRing(int capacity) {
        ring = new VyukovQueue<>(capacity);
    }

    @Override
    public int capacity() {
        return ring.capacity();
    }

    @Override
    public boolean offer(E e) {
        return ring.offer(e);
    }

    @Override
    public E poll() {
        return ring.poll();
    }

    @Override
    public E peek() {
        return ring.peek();
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        for (int added = 0; added < limit; added++) {
            if (!ring.offer(supplier.get())) { // one claim, one CAS, per element
                return added;
            }
        }
        return limit;
    }

    // drain: ConcurrentQueue's default, one poll per element

    @Override
    public int size() {
        return ring.size();
    }

    @Override
    public Iterator<E> iterator() {
        return ring.iterator();
    }
}
