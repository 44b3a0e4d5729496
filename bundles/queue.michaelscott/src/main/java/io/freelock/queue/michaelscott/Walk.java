package io.freelock.queue.michaelscott;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A walk along the nodes of {@link MichaelScottQueue} or {@link SpscLinkedQueue}, for {@code iterator()},
 * {@code size()} and {@code isEmpty()}. Any thread may walk, while producers and consumers go on.
 *
 * <p>A walk starts at the head node itself (in {@link MichaelScottQueue} the head may still hold an element; in
 * {@link SpscLinkedQueue} it is always dead), skips dead nodes (null value), follows {@code next} and ends at a
 * null {@code next} or at {@link Node#CLOSED}, the end of a closed queue, which it never yields or steps onto (a
 * chain that a fill batch begun before the close inserts before the marker after a walk ended there is for later
 * walks, as any element queued after a walk ended is). When it stands on a node whose {@code next} links to
 * itself, the head has moved past that node under it; the walk then goes on from the current head. Every element
 * from that head on was queued after the node the walk stood on, so the walk still moves forward in queue order
 * and never yields an element twice. {@link Node#selfLink()} is a release store and the head is read with acquire,
 * so the head found is never one the walk has already passed. A node that removal unlinks keeps its {@code next},
 * which leads back into the list, so a walk standing on it goes on as if it had not been unlinked.
 *
 * <p>As an iterator it is weakly consistent: it yields every element present for the whole walk, may or may
 * not yield elements queued, taken or removed meanwhile, never yields null and never throws
 * {@link java.util.ConcurrentModificationException}. It reads each element when it reaches its node, so an
 * element it is about to yield may have been taken in between. {@code remove()} removes the element last
 * yielded if it is still in the queue, through the queue's own removal (see the queue's documentation for which
 * thread may call it).
 *
 * @param <E> the element type
 */
final class Walk<E> implements Iterator<E> {

    /** Reads the queue's head with acquire; called again whenever the walk meets a self-link. */
    private final Supplier<Node<E>> head;
    /** The queue's removal of one node's element, for {@link #remove()}: the node and the element it held. */
    private final BiConsumer<Node<E>, E> removal;
    /** The node whose element {@link #next()} yields; null once the walk has reached the end. */
    private Node<E> node;
    /** That element, read when the walk reached its node, so that {@code next()} cannot find it cleared. */
    private E element;
    /** The node of the element {@link #next()} yielded last, for {@link #remove()}; null if none or removed. */
    private Node<E> lastNode;
    /** That element. */
    private E lastElement;

    Walk(Supplier<Node<E>> head, BiConsumer<Node<E>, E> removal) {
        this.head = head;
        this.removal = removal;
        moveTo(head.get());
    }

    @Override
    public boolean hasNext() {
        return node != null;
    }

    @Override
    public E next() {
        if (node == null) {
            throw new NoSuchElementException();
        }
        lastNode = node;
        lastElement = element;
        moveTo(successor(node, head));
        return lastElement;
    }

    /**
     * Removes the element last yielded, unless it has left the queue since (taken or removed by another call);
     * either way it is not in the queue afterwards and nothing else is touched.
     *
     * @throws IllegalStateException if {@link #next()} has not been called, or {@code remove()} already was
     *         since
     */
    @Override
    public void remove() {
        if (lastNode == null) {
            throw new IllegalStateException("remove() without a next() before it");
        }
        removal.accept(lastNode, lastElement);
        lastNode = null;
        lastElement = null;
    }

    /** Moves to the first node from {@code from} on (itself included) that still holds an element, or to the end. */
    private void moveTo(Node<E> from) {
        for (Node<E> p = from; p != null; p = successor(p, head)) {
            // Opaque: this races with the consumer or remover clearing the value; null means the element is gone.
            E value = p.valueOpaque();
            if (value != null) {
                node = p;
                element = value;
                return;
            }
        }
        node = null;
        element = null;
    }

    /**
     * @return the node after {@code p} on a walk: its successor, or the current head if {@code p} was passed by
     *         the head (a self-link), or null at the end of the list (a null {@code next} or {@link Node#CLOSED})
     */
    static <E> Node<E> successor(Node<E> p, Supplier<Node<E>> head) {
        // Acquire: pairs with the link of the successor (release store or CAS), so its value is visible, and with
        // the release of a self-link, so that the head read next is past p.
        Node<E> next = p.nextAcquire();
        if (next == null || next == Node.CLOSED) {
            return null;
        }
        return next == p ? head.get() : next;
    }

    /**
     * Counts the elements by walking the list, as {@code ConcurrentLinkedQueue.size()} does: it takes time in
     * proportion to the length, and under concurrent offers, polls and removals it is an estimate (elements counted
     * before a self-link sent the walk back to the head may have been taken since). Exact when quiescent.
     *
     * @return the count, capped at {@link Integer#MAX_VALUE}
     */
    static <E> int size(Supplier<Node<E>> head) {
        int count = 0;
        for (Node<E> p = head.get(); p != null; p = successor(p, head)) {
            // Opaque, as in moveTo: a node whose value is cleared is dead and not counted.
            if (p.valueOpaque() != null && ++count == Integer.MAX_VALUE) {
                return count;
            }
        }
        return count;
    }

    /**
     * @return whether the queue held no element at some moment during the call: every node from the head it read
     *         to the last one was dead when read, and a value never comes back. After a close that is not yet
     *         final on its own: a fill batch of {@link MichaelScottQueue} that began before the close may still
     *         insert a chain before the marker, which is why that queue asks {@link #firstOrEnd} and counts such
     *         batches too
     */
    static <E> boolean isEmpty(Supplier<Node<E>> head) {
        Node<E> first = firstOrEnd(head);
        return first == null || first == Node.CLOSED;
    }

    /**
     * @return the first node from a head this read on that held an element when read; else null if the list
     *         ended open, {@link Node#CLOSED} if it ended closed
     */
    static <E> Node<E> firstOrEnd(Supplier<Node<E>> head) {
        Node<E> p = head.get();
        for (;;) {
            // Opaque, as in moveTo.
            if (p.valueOpaque() != null) {
                return p;
            }
            // Acquire, as in successor.
            Node<E> next = p.nextAcquire();
            if (next == null || next == Node.CLOSED) {
                return next;
            }
            p = next == p ? head.get() : next;
        }
    }
}
