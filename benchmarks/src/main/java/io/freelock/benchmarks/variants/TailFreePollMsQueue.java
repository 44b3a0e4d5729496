package io.freelock.benchmarks.variants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;

abstract class TailFreePad0<E> extends AbstractQueue<E> {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class TailFreeTail<E> extends TailFreePad0<E> {
    TailFreePollMsQueue.Node<E> tail;
}

abstract class TailFreePad1<E> extends TailFreeTail<E> {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

abstract class TailFreeHead<E> extends TailFreePad1<E> {
    TailFreePollMsQueue.Node<E> head;
}

abstract class TailFreePad2<E> extends TailFreeHead<E> {
    long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
}

/**
 * Experiment: our Michael-Scott queue with one change, a consumer never reads the tail. In the original algorithm
 * (and in MichaelScottQueue) every poll reads the tail to keep the head from passing it, so the tail's cache
 * line, which producers CAS on every offer, moves to the consumer's core on every poll. Here the head may pass a
 * lagging tail; a producer that finds its tail node dequeued (self-linked) starts again from the head, as
 * {@link java.util.concurrent.ConcurrentLinkedQueue} does. Offers still link with one CAS and swing the tail with
 * a second, polls still take with one CAS on the head and self-link the old dummy. Offer and poll only.
 *
 * @param <E> the element type
 */
public final class TailFreePollMsQueue<E> extends TailFreePad2<E> {

    static final class Node<E> {
        E value;
        Node<E> next;

        Node(E value) {
            this.value = value;
        }
    }

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle VALUE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(TailFreeHead.class, "head", Node.class);
            TAIL = lookup.findVarHandle(TailFreeTail.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
            VALUE = lookup.findVarHandle(Node.class, "value", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public TailFreePollMsQueue() {
        Node<E> dummy = new Node<>(null);
        head = dummy;
        tail = dummy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean offer(E e) {
        Node<E> node = new Node<>(Objects.requireNonNull(e));
        Node<E> t = (Node<E>) TAIL.getAcquire(this);
        Node<E> p = t;
        for (;;) {
            Node<E> q = (Node<E>) NEXT.getAcquire(p);
            if (q == null) {
                if (NEXT.compareAndSet(p, null, node)) {
                    TAIL.compareAndSet(this, t, node); // a failure: another thread moved it on
                    return true;
                }
                // another producer linked after p first: read its successor again
            } else if (q == p) {
                // p was dequeued (self-linked): the tail lags behind the head. Take a newer tail if there is one,
                // else start from the head, which is live.
                Node<E> newTail = (Node<E>) TAIL.getAcquire(this);
                p = newTail != t ? (t = newTail) : (Node<E>) HEAD.getAcquire(this);
            } else {
                p = q; // the tail lags behind the last node: walk on
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        for (;;) {
            Node<E> h = (Node<E>) HEAD.getAcquire(this);
            Node<E> next = (Node<E>) NEXT.getAcquire(h);
            if (next == null) {
                return null;
            }
            if (next == h) {
                continue; // h was dequeued meanwhile
            }
            if (HEAD.compareAndSet(this, h, next)) {
                E value = next.value; // plain: published by the linking CAS, ours after the head CAS
                VALUE.setOpaque(next, null);
                NEXT.setRelease(h, h); // self-link the old dummy, against GC nepotism
                return value;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        Node<E> next = (Node<E>) NEXT.getAcquire((Node<E>) HEAD.getAcquire(this));
        return next == null || next.value == null ? null : next.value;
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("an experiment: offer and poll only");
    }

    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("an experiment: offer and poll only");
    }
}
