package io.freelock.queue.manager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.internal.Batches;
import io.freelock.queue.internal.Removal;

/**
 * The manager's own queue: what a managed queue runs on while no driver matches it, or while it holds more than
 * the best driver's capacity. It lives in the manager bundle, so it never goes away with a driver.
 *
 * <p>A Michael-Scott linked list whose nodes carry their position: the first node after the dummy is position
 * {@code head.position + 1}, so the last node's position minus the dummy's is how many the list holds. That is
 * what bounds it, in the same step that adds: an offer links its node by one CAS on the last node's {@code next},
 * and only after it has seen, from that last node and then the dummy, that there is room. Room and element
 * change hands in that one CAS, and a poll gives room back by the CAS that takes its element, so a refusal for
 * fullness always agrees with the list (a count beside the list could not: it ran ahead of the list while an offer
 * was between reserving and linking, and behind it while a poll was between unlinking and giving back).
 *
 * <p>Closing links {@link #CLOSED} as the last node's {@code next}: every append after that CAS finds it and adds
 * nothing. A fill links a node whose element is still {@link #PENDING} and only then asks its supplier, so the
 * supplier is never asked for an element there is no room for; consumers stop at a pending node until the element
 * is written, as they stop at an unwritten slot of a ring. If the supplier throws, the node becomes {@link #VOID}
 * and is skipped; its room comes back when the head passes it, which an offer refused for fullness helps along.
 *
 * @param <E> the element type
 */
final class FallbackQueue<E> extends AbstractQueue<E> implements ClosableQueue<E> {

    /** The element of a node a fill has linked and whose supplier has not returned yet. */
    private static final Object PENDING = new Object();
    /** The element of a node whose fill's supplier threw or supplied null: it holds nothing and is skipped. */
    private static final Object VOID = new Object();
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
                if (skipVoidAtHead()) {
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

    /** @return whether the node after the dummy was void and the head has been moved past it (by anyone) */
    private boolean skipVoidAtHead() {
        Node first = head;
        Node next = first.next;
        if (next == null || next == CLOSED || next.item != VOID) {
            return false;
        }
        HEAD.compareAndSet(this, first, next); // volatile CAS: pairs with the poll's CAS of the head
        return true;
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
            if (item == null) {
                continue; // another poll took it and made it the dummy; start again from the new head
            }
            // volatile CAS: the winner alone takes this node's element, and its room goes back with it
            if (HEAD.compareAndSet(this, first, next)) {
                if (item == VOID) {
                    continue;
                }
                next.item = null; // the dummy holds nothing; lets the element be collected
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
            if (item == VOID) {
                skipVoidAtHead();
            } else if (item != null) { // null: taken meanwhile, so look again from the head that moved
                return (E) item;
            }
        }
    }

    /**
     * The nodes between the dummy and the last one, pending and void ones included, within [0, capacity]: the
     * dummy is read before the last node, so a concurrent poll can only make it an overestimate.
     */
    @Override
    public int size() {
        long first = head.position;
        long n = last().position - first;
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
            Object item = next.item;
            if (item == VOID) {
                skipVoidAtHead();
            } else if (item != null) { // null: taken meanwhile, so look again from the head that moved
                return false;
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
        return new Iterator<>() { // read-only: removal goes through poll, which moves the head
            private Node at = head;
            private Object nextItem = advance();

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
                nextItem = advance();
                return e;
            }

            private Object advance() {
                for (Node next; (next = at.next) != null && next != CLOSED; ) {
                    at = next;
                    Object item = next.item;
                    if (item != null && item != PENDING && item != VOID) {
                        return item;
                    }
                }
                return null;
            }
        };
    }

    /** @throws UnsupportedOperationException always: see {@link Removal} */
    @Override
    public boolean remove(Object o) {
        throw Removal.refused("the fallback queue");
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** A link of the list: an element (or {@link #PENDING}, {@link #VOID}, null once taken) and its position. */
    private static final class Node {

        private static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Written before the node is linked, then once by a fill (PENDING to an element or VOID), then null. */
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

        /** Volatile write of a fill's outcome: pairs with the volatile read of item in poll and peek. */
        void release(Object outcome) {
            item = outcome;
        }
    }
}
