package io.freelock.benchmarks.variants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;

/**
 * Experiment: a cheaper in-flight handshake for a stage whose spec has a single producer and a single consumer.
 * Each side owns a sequence it alone writes: odd while inside a call, even outside. Entering is a volatile store
 * (the StoreLoad fence the Dekker handshake with the swapper needs: store "inside", then read {@code next}) and
 * leaving a release store, which on x86 is a plain store: one fence per call instead of two locked
 * read-modify-writes, and no line shared between two producers. A swapper would set {@code next}, then read the
 * producer's sequence (both volatile) and wait while it is odd, as the manager now waits for a count of 0. With
 * several producers the same idea needs one such sequence per thread (striped cells, as LongAdder keeps), which is
 * not measured here.
 *
 * @param <E> the element type
 */
public final class InFlightMarked<E> extends AbstractQueue<E> {

    private static final VarHandle PRODUCER;
    private static final VarHandle CONSUMER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER = lookup.findVarHandle(InFlightMarked.class, "producer", long.class);
            CONSUMER = lookup.findVarHandle(InFlightMarked.class, "consumer", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Queue<E> queue;
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private long producer;
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    private long consumer;
    long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
    private volatile Object next; // never set here: the stage is never retired
    private volatile boolean sealed; // never set here

    public InFlightMarked(Queue<E> queue) {
        this.queue = queue;
    }

    @Override
    public boolean offer(E e) {
        long sequence = producer; // plain: the single producer's own field
        PRODUCER.setVolatile(this, sequence + 1); // odd: inside; volatile, so the read of next below comes after
        try {
            if (next != null) {
                return false;
            }
            return queue.offer(e);
        } finally {
            PRODUCER.setRelease(this, sequence + 2); // even: outside; release, our offer happens before it
        }
    }

    @Override
    public E poll() {
        long sequence = consumer; // plain: the single consumer's own field
        CONSUMER.setVolatile(this, sequence + 1);
        try {
            if (sealed) {
                return null;
            }
            return queue.poll();
        } finally {
            CONSUMER.setRelease(this, sequence + 2);
        }
    }

    @Override
    public E peek() {
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("an experiment: offer and poll only");
    }
}
