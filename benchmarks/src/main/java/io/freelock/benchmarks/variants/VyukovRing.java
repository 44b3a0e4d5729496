package io.freelock.benchmarks.variants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;

abstract class VyukovRingPad0<E> extends AbstractQueue<E> {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class VyukovRingProducer<E> extends VyukovRingPad0<E> {
    long producerIndex;
}

abstract class VyukovRingPad1<E> extends VyukovRingProducer<E> {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class VyukovRingConsumer<E> extends VyukovRingPad1<E> {
    long consumerIndex;
}

abstract class VyukovRingPad2<E> extends VyukovRingConsumer<E> {
    long p20, p21, p22, p23, p24, p25, p26, p27;
}

/**
 * Experiment: the offer and poll of our {@code VyukovQueue} as they are in the work tree (claim by CAS after
 * seeing the slot's sequence; a poll that meets a claimed but unpublished head waits for it, an offer that meets a
 * slot still being emptied waits for it, both with {@link Thread#onSpinWait}), with two switches:
 * <ul>
 * <li>{@code pause}: false spins without {@code onSpinWait}, as JCTools' MpmcArrayQueue does;</li>
 * <li>{@code relaxedDrain}: true gives {@link #drain} its own loop, strict for the first element only (so 0 still
 * means empty, as {@code ConcurrentQueue.drain} promises) and then stopping at the first slot that is not
 * published yet, instead of polling strictly element by element (the interface's default, which VyukovQueue
 * keeps); {@link #fill} stops at the first slot not free yet rather than checking the consumer index and
 * waiting.</li>
 * <li>{@code rangeClaim}: true makes {@link #fill} and {@link #drain} claim a whole batch with one CAS when the
 * batch's last slot is already in the state the batch needs (free for a fill, published for a drain), then wait
 * slot by slot for the stragglers before it, as JCTools 4's MpmcArrayQueue does; otherwise they go one by one as
 * with {@code relaxedDrain}.</li>
 * </ul>
 * With the switches at {@code true, false, false} it is a copy of VyukovQueue's hot paths,
 * which the benchmark checks against the real one. No holes, no iterator: offer, poll, drain and fill only.
 *
 * @param <E> the element type
 */
public final class VyukovRing<E> extends VyukovRingPad2<E> implements ConcurrentQueue<E> {

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(VyukovRingProducer.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(VyukovRingConsumer.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final long[] sequences;
    private final Object[] elements;
    private final boolean pause;
    private final boolean relaxedDrain;
    private final boolean rangeClaim;

    /** @param capacity a power of two, at least 2 */
    public VyukovRing(int capacity, boolean pause, boolean relaxedDrain) {
        this(capacity, pause, relaxedDrain, false);
    }

    /** @param capacity a power of two, at least 2 */
    public VyukovRing(int capacity, boolean pause, boolean relaxedDrain, boolean rangeClaim) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        mask = capacity - 1;
        sequences = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        elements = new Object[capacity];
        this.pause = pause;
        this.relaxedDrain = relaxedDrain;
        this.rangeClaim = rangeClaim;
    }

    @Override
    public int capacity() {
        return mask + 1;
    }

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e);
        long position = claim(false);
        if (position < 0) {
            return false;
        }
        publish(position, e);
        return true;
    }

    /** @return the claimed position, or -1 if full (or, relaxed, if the slot is not free yet) */
    private long claim(boolean relaxed) {
        long position = (long) PRODUCER_INDEX.getOpaque(this);
        for (;;) {
            int slot = (int) position & mask;
            long ahead = (long) SEQUENCE.getAcquire(sequences, slot) - position;
            if (ahead == 0) {
                long witness = (long) PRODUCER_INDEX.compareAndExchange(this, position, position + 1);
                if (witness == position) {
                    return position;
                }
                position = witness;
            } else if (ahead < 0) {
                if (relaxed || (long) CONSUMER_INDEX.getAcquire(this) <= position - (mask + 1)) {
                    return -1;
                }
                spin();
            } else {
                position = (long) PRODUCER_INDEX.getOpaque(this);
            }
        }
    }

    private void publish(long position, E e) {
        int slot = (int) position & mask;
        ELEMENT.setRelease(elements, slot, e);
        SEQUENCE.setRelease(sequences, slot, position + 1);
    }

    @Override
    public E poll() {
        return take(false);
    }

    /** @return the element at the head, or null if empty (or, relaxed, if the head is not published yet) */
    @SuppressWarnings("unchecked")
    private E take(boolean relaxed) {
        long position = (long) CONSUMER_INDEX.getOpaque(this);
        for (;;) {
            int slot = (int) position & mask;
            long ahead = (long) SEQUENCE.getAcquire(sequences, slot) - (position + 1);
            if (ahead == 0) {
                long witness = (long) CONSUMER_INDEX.compareAndExchange(this, position, position + 1);
                if (witness == position) {
                    E e = (E) elements[slot];
                    elements[slot] = null;
                    SEQUENCE.setRelease(sequences, slot, position + mask + 1);
                    return e;
                }
                position = witness;
            } else if (ahead < 0) {
                if (relaxed || (long) PRODUCER_INDEX.getAcquire(this) <= position) {
                    return null;
                }
                spin();
            } else {
                position = (long) CONSUMER_INDEX.getOpaque(this);
            }
        }
    }

    private void spin() {
        if (pause) {
            Thread.onSpinWait();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public int drain(Consumer<? super E> consumer, int limit) {
        if (rangeClaim && limit > 1) {
            long first = (long) CONSUMER_INDEX.getOpaque(this);
            int batch = Math.min(limit, mask + 1);
            long last = first + batch - 1;
            // acquire: the last position published means a producer claimed every position up to it
            if ((long) SEQUENCE.getAcquire(sequences, (int) last & mask) == last + 1
                    && CONSUMER_INDEX.compareAndSet(this, first, last + 1)) {
                for (long p = first; p <= last; p++) {
                    int slot = (int) p & mask;
                    while ((long) SEQUENCE.getAcquire(sequences, slot) != p + 1) {
                        spin(); // claimed by its producer, not published yet
                    }
                    E e = (E) elements[slot];
                    elements[slot] = null;
                    SEQUENCE.setRelease(sequences, slot, p + mask + 1);
                    consumer.accept(e);
                }
                return batch;
            }
        }
        if (!relaxedDrain) {
            return ConcurrentQueue.super.drain(consumer, limit);
        }
        if (limit == 0) {
            return 0;
        }
        E e = take(false); // strict: 0 means empty
        int drained = 0;
        while (e != null) {
            drained++;
            consumer.accept(e);
            if (drained == limit) {
                break;
            }
            e = take(true); // relaxed: stop at the first slot not published yet
        }
        return drained;
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        if (rangeClaim && limit > 1) {
            long first = (long) PRODUCER_INDEX.getOpaque(this);
            int batch = Math.min(limit, mask + 1);
            long last = first + batch - 1;
            // acquire: the last slot free for its position means consumers claimed every earlier lap's position
            if ((long) SEQUENCE.getAcquire(sequences, (int) last & mask) == last
                    && PRODUCER_INDEX.compareAndSet(this, first, last + 1)) {
                for (long p = first; p <= last; p++) {
                    int slot = (int) p & mask;
                    while ((long) SEQUENCE.getAcquire(sequences, slot) != p) {
                        spin(); // its consumer claimed it on the previous lap and is still emptying it
                    }
                    publish(p, supplier.get());
                }
                return batch;
            }
        }
        for (int added = 0; added < limit; added++) {
            long position = claim(relaxedDrain);
            if (position < 0) {
                return added;
            }
            publish(position, supplier.get());
        }
        return limit;
    }

    @Override
    public E peek() {
        throw new UnsupportedOperationException("an experiment");
    }

    @Override
    public int size() {
        return (int) ((long) PRODUCER_INDEX.getAcquire(this) - (long) CONSUMER_INDEX.getAcquire(this));
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("an experiment");
    }
}
