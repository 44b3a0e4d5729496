package io.freelock.benchmarks;

import java.util.AbstractQueue;
import java.util.Iterator;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * The Disruptor's single-producer ring used as a bounded SPSC queue, so that it runs in the same harness as the
 * queues: the producer claims with {@code tryNext} and publishes; the consumer follows its own gating
 * {@link Sequence} and reads the cursor only when it has caught up with the last value it saw (the same cached
 * index our SPSC ring keeps). Each slot holds a reference that the consumer clears, as a queue must. No wait
 * strategy is ever used: offer and poll never block.
 *
 * @param <E> the element type
 */
final class DisruptorSpscQueue<E> extends AbstractQueue<E> {

    /** A ring slot: the Disruptor preallocates these and the producer writes the element into one. */
    static final class Slot {
        Object value;
    }

    private final RingBuffer<Slot> ring;
    private final Sequence consumed = new Sequence(); // starts at -1: nothing consumed
    /** Consumer only: the last sequence it consumed. */
    private long next = -1L;
    /** Consumer only: the highest published sequence it has seen. */
    private long cachedCursor = -1L;

    DisruptorSpscQueue(int capacity) {
        ring = RingBuffer.createSingleProducer(Slot::new, Integer.highestOneBit(capacity - 1) << 1,
                new YieldingWaitStrategy());
        ring.addGatingSequences(consumed);
    }

    @Override
    public boolean offer(E e) {
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) { // a preallocated instance: no stack trace is filled
            return false;
        }
        ring.get(sequence).value = e;
        ring.publish(sequence);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        long wanted = next + 1;
        if (wanted > cachedCursor) {
            cachedCursor = ring.getCursor(); // acquire: pairs with publish
            if (wanted > cachedCursor) {
                return null;
            }
        }
        Slot slot = ring.get(wanted);
        E e = (E) slot.value;
        slot.value = null;
        next = wanted;
        consumed.set(wanted); // release: the slot may be reused once the producer sees this
        return e;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        long wanted = next + 1;
        return wanted <= ring.getCursor() ? (E) ring.get(wanted).value : null;
    }

    @Override
    public int size() {
        return (int) (ring.getCursor() - consumed.get());
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("not needed by the benchmarks");
    }
}
