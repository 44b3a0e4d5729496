package io.freelock.queue.michaelscott;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A read-only walk along the nodes of {@link MichaelScottQueue} or {@link SpscLinkedQueue}, for
 * {@code iterator()}, {@code size()} and {@code isEmpty()}. Any thread may walk, while producers and
 * consumers go on.
 *
 * <p>A walk follows {@code next} from the head and ends at a null {@code next} or at {@link Node#CLOSED}, the end
 * of a closed queue, which it never yields or steps onto (a chain that a fill batch begun before the close inserts
 * before the marker after a walk ended there is for later walks, as any element queued after a walk ended is).
 * When it stands on a node whose {@code next} links to itself, the consumer has dequeued that node under it; the
 * walk then goes on from the current head. Every element after that head was queued after the node the walk stood
 * on, so the walk still moves forward in queue order and never yields an element twice. {@link Node#selfLink()} is
 * a release store and the head is read with acquire, so the head found is never one the walk has already passed.
 *
 * <p>As an iterator it is weakly consistent: it yields every element present for the whole walk, may or may
 * not yield elements queued or dequeued meanwhile, never yields null and never throws
 * {@link java.util.ConcurrentModificationException}. It reads each element when it reaches its node, so an
 * element it is about to yield may have been dequeued in between. {@code remove()} is unsupported: the plain
 * Michael-Scott algorithm has no logical deletion, so a node can leave the list only through the head.
 *
 * @param <E> the element type
 */
final class Walk<E> implements Iterator<E> {

    /** Reads the queue's head with acquire; called again whenever the walk meets a self-link. */
    private final Supplier<Node<E>> head;
    /** The node whose element {@link #next()} yields; null once the walk has reached the end. */
    private Node<E> node;
    /** That element, read when the walk reached its node, so that {@code next()} cannot find it cleared. */
    private E element;

    Walk(Supplier<Node<E>> head) {
        this.head = head;
        advanceAfter(head.get());
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
        E yielded = element;
        advanceAfter(node);
        return yielded;
    }

    /** Moves to the first node after {@code from} that still holds an element, or to the end. */
    private void advanceAfter(Node<E> from) {
        Node<E> p = from;
        for (;;) {
            // Acquire: pairs with the link of the successor (release store or CAS), so its value is visible.
            Node<E> successor = p.nextAcquire();
            if (successor == null || successor == Node.CLOSED) {
                node = null; // the last node: the list ends here, open or closed
                element = null;
                return;
            }
            if (successor == p) {
                p = head.get();
                continue;
            }
            // Opaque: this races with the consumer clearing the value; null means the element is gone.
            E value = successor.valueOpaque();
            if (value != null) {
                node = successor;
                element = value;
                return;
            }
            p = successor;
        }
    }

    /**
     * Counts the elements by walking the list, as {@code ConcurrentLinkedQueue.size()} does: it takes time in
     * proportion to the length, and under concurrent offers and polls it is an estimate (elements counted
     * before a self-link sent the walk back to the head may have been dequeued since). Exact when quiescent.
     *
     * @return the count, capped at {@link Integer#MAX_VALUE}
     */
    static <E> int size(Supplier<Node<E>> head) {
        int count = 0;
        Node<E> p = head.get();
        for (;;) {
            // Acquire, as in advanceAfter.
            Node<E> successor = p.nextAcquire();
            if (successor == null || successor == Node.CLOSED) {
                return count; // the last node, open or closed
            }
            if (successor == p) {
                p = head.get();
                continue;
            }
            // Opaque, as in advanceAfter: a node whose value is cleared has been dequeued and is not counted.
            if (successor.valueOpaque() != null && ++count == Integer.MAX_VALUE) {
                return count;
            }
            p = successor;
        }
    }

    /**
     * @return whether the queue held no element at some moment during the call: the head it read had no
     *         successor (a null {@code next} or {@link Node#CLOSED}), so the head was also the last node. After
     *         a close that is not yet final on its own: a fill batch of {@link MichaelScottQueue} that began
     *         before the close may still insert a chain before the marker, which is why that queue asks
     *         {@link #headSuccessor} and counts such batches too
     */
    static <E> boolean isEmpty(Supplier<Node<E>> head) {
        Node<E> successor = headSuccessor(head);
        return successor == null || successor == Node.CLOSED;
    }

    /**
     * @return the successor of a head this read: null if that head was the last node of an open list,
     *         {@link Node#CLOSED} if it was the last node of a closed one, else the node of the first element
     */
    static <E> Node<E> headSuccessor(Supplier<Node<E>> head) {
        for (;;) {
            Node<E> h = head.get();
            // Acquire, as in advanceAfter. A self-link means h was dequeued after we read it: read the head again.
            Node<E> successor = h.nextAcquire();
            if (successor != h) {
                return successor;
            }
        }
    }
}
