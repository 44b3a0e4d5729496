package io.freelock.queue.michaelscott;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A link of {@link MichaelScottQueue} and {@link SpscLinkedQueue}. A node whose value is null is dead: its
 * element was taken by a consumer or removed (or it never had one, as the first dummy). A value goes from the
 * element to null once and never back, so a dead node stays dead; walkers skip dead nodes, and removal unlinks
 * runs of them (never the last node, whose {@code next} producers link to).
 *
 * <p>Each method names the access mode it uses; the caller says why that mode is enough. The fields are
 * plain and, after the constructor, only ever reached through these methods, so that every access has a stated
 * mode.
 *
 * @param <E> the element type
 */
final class Node<E> {

    private static final VarHandle VALUE;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            VALUE = lookup.findVarHandle(Node.class, "value", Object.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * What a closed {@link MichaelScottQueue} links after its last node, in place of a successor: the end of the
     * list from then on (see {@link MichaelScottQueue#closeProducers()}). It is never a node of any list: no tail
     * or head ever points at it and nothing steps onto it, so its fields keep what the constructor wrote (no
     * value, no successor) and one instance serves every queue. Offers refuse to link after it; only a fill batch
     * that began before the close links a chain, and then before it, so that the marker stays at the end (see
     * {@link #casNextFromClosed}). Consumers and walkers treat it as they treat a null {@code next}.
     * {@link SpscLinkedQueue} never links it.
     */
    static final Node<Object> CLOSED = new Node<>(null);

    /** The element; null once taken or removed (see the class comment), and always in {@link #CLOSED}. */
    private E value;
    /**
     * The successor: null while this is the last node, {@link #CLOSED} once it is the last node of a closed
     * queue, this node itself once the head has moved past it. It goes from null to a node or {@link #CLOSED},
     * from {@link #CLOSED} to a node (a chain inserted before the marker), from a node to a later node (dead nodes
     * between them unlinked), from a node to itself; never back to null, and never back to {@link #CLOSED} once it
     * held a node.
     */
    private Node<E> next;

    /**
     * A plain write: the node is private to its producer until a release store or a CAS links it, and
     * that store publishes this write along with the node.
     */
    Node(E value) {
        this.value = value;
    }

    /** Plain read, for the one thread that made this node the dummy and so alone may clear it. */
    @SuppressWarnings("unchecked")
    E value() {
        return (E) VALUE.get(this);
    }

    /** Opaque read, for a thread racing with the consumer that clears the value: it sees the element or null. */
    @SuppressWarnings("unchecked")
    E valueOpaque() {
        return (E) VALUE.getOpaque(this);
    }

    /**
     * Volatile CAS of the element to null: the claim of {@link MichaelScottQueue}'s consumers and removers. It
     * pairs with every other thread's CAS of the same value, so exactly one of the threads that found the element
     * here takes it; a failure means another consumer or remover took it first (the value is null now).
     */
    boolean casValueToNull(E expected) {
        return VALUE.compareAndSet(this, expected, null);
    }

    /**
     * Opaque write of null, so that the dummy does not keep a delivered element alive. Nothing is published
     * by it: a racing reader that sees null skips the node, one that still sees the element was looking at
     * a node that held it a moment ago, which a weakly consistent walk allows.
     */
    void clearValue() {
        VALUE.setOpaque(this, null);
    }

    /** Acquire read: pairs with the release (or CAS) that linked the successor, so its value is visible. */
    @SuppressWarnings("unchecked")
    Node<E> nextAcquire() {
        return (Node<E>) NEXT.getAcquire(this);
    }

    /**
     * Volatile read, for a look whose answer must be ordered after an earlier volatile write of the same thread
     * (a store-load pair, which acquire does not give): see {@code MichaelScottQueue.fill}.
     */
    @SuppressWarnings("unchecked")
    Node<E> nextVolatile() {
        return (Node<E>) NEXT.getVolatile(this);
    }

    /** Release write: publishes {@code successor} and everything written to it before, to acquiring readers. */
    void setNextRelease(Node<E> successor) {
        NEXT.setRelease(this, successor);
    }

    /** Plain write, for a chain of nodes still private to its producer; the CAS that links the chain publishes it. */
    void setNextPlain(Node<E> successor) {
        NEXT.set(this, successor);
    }

    /**
     * Volatile CAS of a null successor: links {@code successor} after this node if it is still the last one.
     * Its release half publishes the new node's value to whoever acquires {@code next}.
     */
    boolean casNextFromNull(Node<E> successor) {
        return NEXT.compareAndSet(this, null, successor);
    }

    /**
     * Plain write of {@link #CLOSED} as the successor of the last node of a chain still private to its producer,
     * which {@link #casNextFromClosed} then publishes in front of the marker, so the list keeps ending in it.
     */
    void setNextClosedPlain() {
        NEXT.set(this, CLOSED);
    }

    /**
     * Volatile CAS of {@link #CLOSED} to a successor: inserts a chain, whose last node's {@code next} is already
     * {@link #CLOSED}, between this last node of a closed list and the marker. Only for a fill batch that began
     * before the close (see {@code MichaelScottQueue.fill}); its release half publishes the chain's values and
     * links. A failure means another such batch inserted its chain here first.
     */
    boolean casNextFromClosed(Node<E> successor) {
        return NEXT.compareAndSet(this, CLOSED, successor);
    }

    /**
     * Volatile CAS of a null successor to {@link #CLOSED}: closes the list after this node if it is still the
     * last one. It takes the place a successor would, so it is ordered with every producer's
     * {@link #casNextFromNull}: each of those either linked first, or fails and finds the marker.
     */
    boolean casNextFromNullToClosed() {
        return NEXT.compareAndSet(this, null, CLOSED);
    }

    /**
     * Volatile CAS of the successor from {@code expected} to {@code successor}: unlinks the dead nodes from
     * {@code expected} up to {@code successor}'s predecessor. It pairs with the other unlinking CASes and with the
     * self-link (after which it fails), so it only ever skips nodes the caller saw dead; a node's {@code next}
     * that held a node changes by nothing else.
     */
    boolean casNext(Node<E> expected, Node<E> successor) {
        return NEXT.compareAndSet(this, expected, successor);
    }

    /**
     * Release write of a self-link, done by the consumer once the head has moved past this node. A dead node
     * then keeps nothing reachable: an old-generation dummy would otherwise hold every younger node after it
     * alive until an old-generation collection (GC nepotism). Release, because a walker that acquires the
     * self-link and then re-reads the head must find the head moved at least past this node; that keeps
     * walks going forward.
     */
    void selfLink() {
        NEXT.setRelease(this, this);
    }
}
