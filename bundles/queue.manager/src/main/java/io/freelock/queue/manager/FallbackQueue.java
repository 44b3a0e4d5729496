package io.freelock.queue.manager;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.QueueSpec;

/**
 * The manager's own queue, from the JDK's lock-free {@link ConcurrentLinkedQueue}: what a managed queue runs on
 * while no driver matches it, or while it holds more than the best driver's capacity. It lives in the manager
 * bundle, so it never goes away with a driver. A count next to the list is what bounds a bounded fallback (at
 * the capacity given, not rounded) and what closes it to producers: its top bit, set by one CAS, refuses every
 * reservation after it.
 *
 * @param <E> the element type
 */
final class FallbackQueue<E> extends AbstractQueue<E> implements ClosableQueue<E> {

    /** Set in {@link #count} by {@link #closeProducers()}; far above any count. */
    private static final long CLOSED = 1L << 62;

    private final ConcurrentLinkedQueue<E> elements = new ConcurrentLinkedQueue<>();
    /**
     * Room taken by producers and not yet given back by a poll (so it runs ahead of the list while an offer is
     * between its reservation and its link), plus {@link #CLOSED} once closed.
     */
    private final AtomicLong count = new AtomicLong();
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

    /**
     * Takes room for one element by CAS on the count, so a full or closed queue refuses without changing it.
     */
    private boolean reserve() {
        for (;;) {
            long n = count.get();
            if ((n & CLOSED) != 0 || capacity != UNBOUNDED_CAPACITY && n >= capacity) {
                return false;
            }
            // volatile CAS: only one offer gets each unit of room, and none gets any after the close's CAS
            if (count.compareAndSet(n, n + 1)) {
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
            E e;
            try {
                e = supplier.get();
            } catch (RuntimeException | Error failure) {
                count.decrementAndGet(); // give back the room taken for the element that never came
                throw failure;
            }
            if (e == null) {
                count.decrementAndGet();
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
        return (int) Math.max(0, Math.min(count.get() & ~CLOSED, Integer.MAX_VALUE));
    }

    /**
     * Before the close, whether the list is empty. After it, also whether every reservation has been polled, so
     * that true means nothing will ever arrive (see {@link ClosableQueue#closeProducers()}).
     */
    @Override
    public boolean isEmpty() {
        long n = count.get(); // volatile, before the list: a reservation it counts is linked or still coming
        return (n & CLOSED) == 0 ? elements.isEmpty() : n == CLOSED;
    }

    @Override
    public void closeProducers() {
        count.getAndUpdate(n -> n | CLOSED); // volatile CAS: pairs with the CAS in reserve()
    }

    @Override
    public boolean producersClosed() {
        return (count.get() & CLOSED) != 0;
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
