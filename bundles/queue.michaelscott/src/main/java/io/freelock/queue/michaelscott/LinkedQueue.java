package io.freelock.queue.michaelscott;

import java.util.AbstractQueue;
import java.util.Iterator;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.internal.Removal;

/**
 * What {@link MichaelScottQueue} and {@link SpscLinkedQueue} answer alike, from any thread, by walking the
 * list from an acquiring read of the head. It declares no field, so it shifts neither subclass's padding.
 *
 * @param <E> the element type
 */
abstract class LinkedQueue<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {

    /** @return the dummy head, read with acquire so that a walker on any thread sees its successors */
    abstract Node<E> headAcquire();

    /**
     * {@inheritDoc} The list is walked, as {@code ConcurrentLinkedQueue.size()} walks it: in time proportional
     * to its length, exact only while nobody offers or polls, capped at {@link Integer#MAX_VALUE}.
     */
    @Override
    public int size() {
        return Walk.size(this::headAcquire);
    }

    @Override
    public boolean isEmpty() {
        return Walk.isEmpty(this::headAcquire);
    }

    /** {@inheritDoc} Weakly consistent; {@code remove()} is unsupported. */
    @Override
    public Iterator<E> iterator() {
        return new Walk<>(this::headAcquire);
    }

    /**
     * Unsupported: the Michael-Scott list has no logical deletion, so a node leaves it only through the head.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean remove(Object o) {
        throw Removal.refused("a linked queue");
    }

    @Override
    public int capacity() {
        return UNBOUNDED_CAPACITY;
    }
}
