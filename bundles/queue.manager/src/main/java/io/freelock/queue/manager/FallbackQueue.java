package io.freelock.queue.manager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.internal.Batches;

/**
 * The manager's own queue: what a managed queue runs on while no driver matches it, or while it holds more than
 * the best driver's capacity. It lives in the manager bundle, so it never goes away with a driver.
 *
 * <p>A Michael-Scott linked list whose nodes carry their position: the first node after the dummy is position
 * {@code head.position + 1}, so the last node's position minus the dummy's is how many the list holds. That is
 * what bounds it, in the same step that adds: an offer links its node by one CAS on the last node's {@code next},
 * and only after it has seen, from that last node and then the dummy, that there is room. Room and element
 * change hands in that one CAS. A poll gives room back when the head passes the node it took from, and an offer that
 * finds the queue full first moves the head past a first node that holds nothing any more, so a refusal for fullness
 * agrees with the list (a count beside the list could not: it ran ahead of the list while an offer was between
 * reserving and linking, and behind it while a poll was between unlinking and giving back).
 *
 * <p>Closing links {@link #CLOSED} as the last node's {@code next}: every append after that CAS finds it and adds
 * nothing. A fill links a node whose element is still {@link #PENDING} and only then asks its supplier, so the
 * supplier is never asked for an element there is no room for; consumers stop at a pending node until the element
 * is written, as they stop at an unwritten slot of a ring. If the supplier throws, the node becomes {@link #VOID}
 * and is skipped; its room comes back when the head passes it, which an offer refused for fullness helps along.
 *
 * <p>An element leaves by one CAS of its node's item: a poll takes it (item to null), a removal deletes it (item to
 * {@link #REMOVED}, from any thread), and only one of them can win, so a removed element is never polled and an
 * element is removed or polled once. The head then moves past the node, by whoever comes first: the poll that took
 * it, or any thread that finds it at the head taken, removed or void. A removed element's room comes back when the
 * head passes its node (the queue then holds fewer than its bound allows, never more); {@link #size()} leaves it out
 * at once, through a count of the removed nodes the head has not passed yet.
 *
 * @param <E> the element type
 */
final class FallbackQueue<E> extends AbstractQueue<E> implements ClosableQueue<E> {

    /** The element of a node a fill has linked and whose supplier has not returned yet. */
    private static final Object PENDING = new Object();
    /** The element of a node whose fill's supplier threw or supplied null: it holds nothing and is skipped. */
    private static final Object VOID = new Object();
    /** The element of a node whose element was removed: skipped like {@link #VOID}, and counted in {@link #removedAhead}. */
    private static final Object REMOVED = new Object();
    /** The {@code next} of the last node once producers are closed out; never a node of the list. */
    private static final Node CLOSED = new Node(null, -1);

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(FallbackQueue.class, "head", Node.class);
            TAIL = lookup.findVarHandle(FallbackQueue.class, "tail", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The dummy: the node before the first element; its position is how many nodes have been taken. */
    private volatile Node head;
    /** The last node or one behind it (it lags between an append's two CASes); only a hint for producers. */
    private volatile Node tail;
    private final int capacity;
    /** Removed nodes the head has not passed yet: what {@link #size()} subtracts. Racy by a removal or two. */
    private final AtomicLong removedAhead = new AtomicLong();

    FallbackQueue(QueueSpec.Bound bound, int capacity) {
        this.capacity = bound == QueueSpec.Bound.BOUNDED ? capacity : UNBOUNDED_CAPACITY;
        Node dummy = new Node(null, 0);
        this.head = dummy;
        this.tail = dummy;
    }

    static <E> FallbackQueue<E> forSpec(QueueSpec spec) {
        return new FallbackQueue<>(spec.bound(), spec.capacity());
    }

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        return append(e) != null;
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Batches.check(supplier, "supplier", limit);
        int added = 0;
        Node node;
        while (added < limit && (node = append(PENDING)) != null) {
            Object e;
            try {
                e = supplier.get();
            } catch (RuntimeException | Error failure) {
                node.release(VOID); // the room goes back when the head passes this node
                throw failure;
            }
            if (e == null) {
                node.release(VOID);
                throw new NullPointerException("supplier returned null after " + added + " elements, which stay queued");
            }
            node.release(e);
            added++;
        }
        return added;
    }

    /**
     * Links a node holding {@code item} after the last node, if the queue is open and has room.
     *
     * @return the node linked, or null if the queue was full or closed at a moment during the call
     */
    private Node append(Object item) {
        for (;;) {
            Node last = tail;
            Node next = last.next;
            if (next == CLOSED) {
                return null;
            }
            if (next != null) {
                TAIL.compareAndSet(this, last, next); // help a producer between its two CASes
                continue;
            }
            // last.next was null when read, so last was the last node then; the head read after it can only
            // have moved on since, so a full answer here was true at the moment of this read.
            if (capacity != UNBOUNDED_CAPACITY && last.position - head.position >= capacity) {
                if (skipDeadAtHead()) {
                    continue;
                }
                return null;
            }
            Node node = new Node(item, last.position + 1);
            // volatile CAS: pairs with the reads of next in poll, peek and append; the node's fields are written
            // before it, so whoever reads the link sees them. It fails if another append or the close came first.
            if (last.casNext(null, node)) {
                TAIL.compareAndSet(this, last, node); // a failure means a helper already moved it
                return node;
            }
        }
    }

    /**
     * @return whether the node after the dummy held nothing any more (taken, removed or void) and the head has been
     *         moved past it, by us or by anyone
     */
    private boolean skipDeadAtHead() {
        Node first = head;
        Node next = first.next;
        if (next == null || next == CLOSED || !next.dead()) {
            return false;
        }
        passHead(first, next);
        return true;
    }

    /** Moves the head from {@code first} past {@code next}, a node holding nothing any more, unless another did. */
    private void passHead(Node first, Node next) {
        // volatile CAS: threads agree on one move; a loser rereads the head. The winner alone settles a removal.
        if (HEAD.compareAndSet(this, first, next) && next.item == REMOVED) {
            removedAhead.decrementAndGet();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E poll() {
        for (;;) {
            Node first = head;
            Node next = first.next;
            if (next == null || next == CLOSED) {
                return null;
            }
            Object item = next.item; // volatile: pairs with release() of a fill, or the append CAS of an offer
            if (item == PENDING) {
                return null; // a fill has room here and is still asking its supplier: nothing to take yet
            }
            if (item == null || item == VOID || item == REMOVED) {
                // taken by a poll that has not moved the head yet, removed, or a failed fill: move past it, whoever
                passHead(first, next);
                continue;
            }
            // volatile CAS: pairs with the other polls' and the removals' CAS of this item; the winner alone has it
            if (next.casItem(item, null)) {
                HEAD.compareAndSet(this, first, next); // its room back; a failure means someone moved it for us
                return (E) item;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E peek() {
        for (;;) {
            Node next = head.next;
            if (next == null || next == CLOSED) {
                return null;
            }
            Object item = next.item;
            if (item == PENDING) {
                return null;
            }
            if (item == null || item == VOID || item == REMOVED) {
                skipDeadAtHead(); // taken, removed or void: look again from the next node
            } else {
                return (E) item;
            }
        }
    }

    /**
     * The nodes between the dummy and the last one, pending and void ones included, less the removed ones, within
     * [0, capacity]: the dummy is read before the last node, so a concurrent poll can only make it an overestimate;
     * a concurrent removal can make it one off either way (its CAS and its count are two steps).
     */
    @Override
    public int size() {
        long first = head.position;
        long n = last().position - first - removedAhead.get();
        return (int) Math.max(0, Math.min(n, capacity == UNBOUNDED_CAPACITY ? Integer.MAX_VALUE : capacity));
    }

    /** The last node of the list, found from the tail hint. */
    private Node last() {
        Node last = tail;
        for (Node next; (next = last.next) != null && next != CLOSED; ) {
            last = next;
        }
        return last;
    }

    /**
     * Whether no element is there to take. A pending fill's node counts as an element, so after the close true
     * means that nothing will ever be taken again (see {@link ClosableQueue#closeProducers()}).
     */
    @Override
    public boolean isEmpty() {
        for (;;) {
            Node next = head.next;
            if (next == null || next == CLOSED) {
                return true;
            }
            if (next.dead()) {
                skipDeadAtHead(); // taken, removed or void: look again from the next node
            } else {
                return false; // an element, or a fill's pending one
            }
        }
    }

    @Override
    public void closeProducers() {
        for (;;) {
            Node last = last();
            if (last.next == CLOSED) {
                return;
            }
            // volatile CAS: pairs with the append CAS on the same next; whichever comes first, the other fails
            if (last.casNext(null, CLOSED)) {
                return;
            }
        }
    }

    @Override
    public boolean producersClosed() {
        return last().next == CLOSED;
    }

    /** A weakly consistent walk from the head, which skips pending and void nodes and elements already taken. */
    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private Node at = head;
            private Object nextItem = advance();
            /** The node of the element next() returned last, and that element; null before next() and after remove(). */
            private Node lastNode;
            private Object lastItem;

            @Override
            public boolean hasNext() {
                return nextItem != null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public E next() {
                if (nextItem == null) {
                    throw new NoSuchElementException("the fallback queue's iteration has no more elements");
                }
                E e = (E) nextItem;
                lastNode = at;
                lastItem = e;
                nextItem = advance();
                return e;
            }

            /** Removes the element next() returned, unless a consumer or a removal took it meanwhile. */
            @Override
            public void remove() {
                if (lastNode == null) {
                    throw new IllegalStateException("remove() needs a next() first, and only one remove() after it");
                }
                delete(lastNode, lastItem);
                lastNode = null;
                lastItem = null;
            }

            private Object advance() {
                for (Node next; (next = at.next) != null && next != CLOSED; ) {
                    at = next;
                    Object item = next.item;
                    if (item != null && item != PENDING && item != VOID && item != REMOVED) {
                        return item;
                    }
                }
                return null;
            }
        };
    }

    /**
     * Removes the oldest element equal to {@code o} by one CAS of its node's item to {@link #REMOVED}; any thread may.
     * Lock-free and linearizable with poll: the CAS either wins the element or finds it taken.
     *
     * @return whether an element was removed; false for null, as {@code ConcurrentLinkedQueue} answers
     */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        for (Node n = head.next; n != null && n != CLOSED; n = n.next) {
            Object item = n.item;
            if (item != null && item != PENDING && item != VOID && item != REMOVED && o.equals(item) && delete(n, item)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether {@code element} was still in {@code node} and is now removed from it */
    private boolean delete(Node node, Object element) {
        // volatile CAS: pairs with the polls' and other removals' CAS of the same item; one of them wins it
        if (node.casItem(element, REMOVED)) {
            removedAhead.incrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** A link of the list: an element (or {@link #PENDING}, {@link #VOID}, null once taken) and its position. */
    private static final class Node {

        private static final VarHandle NEXT;
        private static final VarHandle ITEM;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
                ITEM = MethodHandles.lookup().findVarHandle(Node.class, "item", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * Written before the node is linked; then once by a fill (PENDING to an element or VOID); then, by CAS, an
         * element becomes null (polled) or VOID (removed).
         */
        volatile Object item;
        /** Null while last; then the next node or {@link #CLOSED}, set once by CAS. */
        volatile Node next;
        /** How many nodes were linked before this one since the queue was made. */
        final long position;

        Node(Object item, long position) {
            this.item = item;
            this.position = position;
        }

        boolean casNext(Node expected, Node update) {
            return NEXT.compareAndSet(this, expected, update);
        }

        /** Volatile CAS of an element to null (taken) or REMOVED: the one step in which an element leaves. */
        boolean casItem(Object element, Object update) {
            return ITEM.compareAndSet(this, element, update);
        }

        /** @return whether this node holds nothing any more: its element was taken or removed, or its fill failed */
        boolean dead() {
            Object i = item;
            return i == null || i == VOID || i == REMOVED;
        }

        /** Volatile write of a fill's outcome: pairs with the volatile read of item in poll and peek. */
        void release(Object outcome) {
            item = outcome;
        }
    }
}
