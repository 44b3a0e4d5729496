package io.freelock.queue.manager;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueSpec;

/**
 * The manager's own queue, from the JDK's lock-free {@link ConcurrentLinkedQueue}: what a managed queue
 * runs on while no driver matches it, and what holds the elements evacuated from a driver that went away.
 * It lives in the manager bundle, so nothing in it is stranded when a driver bundle stops. For a bounded
 * spec it keeps the spec's capacity (as given, not rounded) with a count next to the list.
 *
 * @param <E> the element type
 */
final class FallbackQueue<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {

    private final ConcurrentLinkedQueue<E> elements = new ConcurrentLinkedQueue<>();
    /** Elements offered and not yet polled; what bounds a bounded fallback. */
    private final AtomicInteger count = new AtomicInteger();
    private final int capacity;

    FallbackQueue(QueueSpec.Bound bound, int capacity) {
        this.capacity = bound == QueueSpec.Bound.BOUNDED ? capacity : UNBOUNDED_CAPACITY;
    }

    static <E> FallbackQueue<E> forSpec(QueueSpec spec) {
        return new FallbackQueue<>(spec.bound(), spec.capacity());
    }

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        if (!reserve()) {
            return false;
        }
        elements.offer(e);
        return true;
    }

    /** Takes room for one element by CAS on the count, so a full queue refuses without changing it. */
    private boolean reserve() {
        for (;;) {
            int n = count.get();
            if (capacity != UNBOUNDED_CAPACITY && n >= capacity) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) { // volatile CAS: only one offer gets each unit of room
                return true;
            }
        }
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "null supplier");
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is negative");
        }
        int added = 0;
        while (added < limit && reserve()) {
            E e = supplier.get();
            if (e == null) {
                count.decrementAndGet(); // give back the room taken for it
                throw new NullPointerException("supplier returned null after " + added + " elements, which stay queued");
            }
            elements.offer(e);
            added++;
        }
        return added;
    }

    @Override
    public E poll() {
        E e = elements.poll();
        if (e != null) {
            count.decrementAndGet();
        }
        return e;
    }

    @Override
    public E peek() {
        return elements.peek();
    }

    @Override
    public int size() {
        return Math.max(0, count.get());
    }

    @Override
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    @Override
    public Iterator<E> iterator() {
        Iterator<E> walk = elements.iterator();
        return new Iterator<>() { // read-only: removal goes through poll, which keeps the count
            @Override
            public boolean hasNext() {
                return walk.hasNext();
            }

            @Override
            public E next() {
                return walk.next();
            }
        };
    }

    /** @throws UnsupportedOperationException always: removal goes through poll, which keeps the count */
    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException("the fallback queue removes only at its head, by poll or drain");
    }

    @Override
    public int capacity() {
        return capacity;
    }
}
