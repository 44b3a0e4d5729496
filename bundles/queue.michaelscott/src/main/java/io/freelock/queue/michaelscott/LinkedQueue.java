package io.freelock.queue.michaelscott;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Predicate;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.internal.Removal;

/**
 * What {@link MichaelScottQueue} and {@link SpscLinkedQueue} answer alike, by walking the list from an acquiring
 * read of the head, and the entry points of removal from the middle, which each queue implements its own way
 * ({@link #removeMatching}, {@link #removeNode}). It declares no field, so it shifts neither subclass's padding.
 *
 * @param <E> the element type
 */
abstract class LinkedQueue<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {

    /** @return the head, read with acquire so that a walker on any thread sees its successors */
    abstract Node<E> headAcquire();

    /**
     * Removes the first element that {@code filter} accepts, or every such element if {@code all}: takes its
     * value away (so no consumer returns it) and unlinks the dead nodes around it.
     *
     * @return whether it removed anything
     */
    abstract boolean removeMatching(Predicate<? super E> filter, boolean all);

    /** Removes {@code element} from {@code node}, where an iterator found it, if it is still there. */
    abstract void removeNode(Node<E> node, E element);

    /**
     * {@inheritDoc} The list is walked, as {@code ConcurrentLinkedQueue.size()} walks it: in time proportional
     * to its length, exact only while nobody offers, polls or removes, capped at {@link Integer#MAX_VALUE}.
     */
    @Override
    public int size() {
        return Walk.size(this::headAcquire);
    }

    @Override
    public boolean isEmpty() {
        return Walk.isEmpty(this::headAcquire);
    }

    /** {@inheritDoc} Weakly consistent; {@code remove()} removes through {@link #removeNode}. */
    @Override
    public Iterator<E> iterator() {
        return new Walk<>(this::headAcquire, this::removeNode);
    }

    /**
     * Removes the first element equal to {@code o} (by {@code o.equals}), if there is one. Null is never an
     * element, so {@code remove(null)} is {@code false}.
     */
    @Override
    public boolean remove(Object o) {
        return o != null && removeMatching(o::equals, false);
    }

    /** @throws NullPointerException if {@code filter} is null; nothing is removed then */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "null filter");
        return removeMatching(filter, true);
    }

    /** @throws NullPointerException if {@code c} is null; nothing is removed then */
    @Override
    public boolean removeAll(Collection<?> c) {
        return removeMatching(Removal.containedIn(c), true);
    }

    /** @throws NullPointerException if {@code c} is null; nothing is removed then */
    @Override
    public boolean retainAll(Collection<?> c) {
        return removeMatching(Removal.notContainedIn(c), true);
    }

    @Override
    public int capacity() {
        return UNBOUNDED_CAPACITY;
    }
}
