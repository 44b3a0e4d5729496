package io.freelock.queue.michaelscott;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;

/*
 * Field layout. Producers CAS the tail and consumers CAS the head, each on every operation, so the two must
 * not share a cache line; 128 bytes apart also keeps them off the same pair of lines, which the adjacent-line
 * prefetcher of x86 parts fetches together. The classes below place them by inheritance, because HotSpot lays a
 * superclass's fields out before its subclass's. The padding is made of bytes because HotSpot (15 and later)
 * fills gaps in a superclass layout with subclass fields: after long padding the 4-byte tail would slip into the
 * gap behind the 12-byte object header. The padding before the tail keeps it off the header's line, which every
 * caller reads for the receiver's class; the padding after the head keeps it off the first dummy node, which the
 * constructor allocates right after the queue and producers CAS while the queue is empty.
 */

/** Keeps the tail off the object header and whatever precedes the queue in memory. */
abstract class MichaelScottQueuePad0<E> extends LinkedQueue<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

/** The producers' end. */
abstract class MichaelScottQueueTail<E> extends MichaelScottQueuePad0<E> {

    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MichaelScottQueueTail.class, "tail", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last node or one close behind it (it lags while a producer is between its two CASes); never behind the head. */
    private Node<E> tail;

    MichaelScottQueueTail(Node<E> dummy) {
        this.tail = dummy;
    }

    /** Acquire read: pairs with the CAS that set the tail, so the node's fields are visible. */
    @SuppressWarnings("unchecked")
    final Node<E> tailAcquire() {
        return (Node<E>) TAIL.getAcquire(this);
    }

    /** Volatile CAS; a failure means another thread has already swung the tail past {@code expected}. */
    final boolean casTail(Node<E> expected, Node<E> update) {
        return TAIL.compareAndSet(this, expected, update);
    }
}

/** Keeps the tail and the head 128 bytes apart. */
abstract class MichaelScottQueuePad1<E> extends MichaelScottQueueTail<E> {
    byte q000, q001, q002, q003, q004, q005, q006, q007, q008, q009, q010, q011, q012, q013, q014, q015;
    byte q016, q017, q018, q019, q020, q021, q022, q023, q024, q025, q026, q027, q028, q029, q030, q031;
    byte q032, q033, q034, q035, q036, q037, q038, q039, q040, q041, q042, q043, q044, q045, q046, q047;
    byte q048, q049, q050, q051, q052, q053, q054, q055, q056, q057, q058, q059, q060, q061, q062, q063;
    byte q064, q065, q066, q067, q068, q069, q070, q071, q072, q073, q074, q075, q076, q077, q078, q079;
    byte q080, q081, q082, q083, q084, q085, q086, q087, q088, q089, q090, q091, q092, q093, q094, q095;
    byte q096, q097, q098, q099, q100, q101, q102, q103, q104, q105, q106, q107, q108, q109, q110, q111;
    byte q112, q113, q114, q115, q116, q117, q118, q119, q120, q121, q122, q123, q124, q125, q126, q127;

    MichaelScottQueuePad1(Node<E> dummy) {
        super(dummy);
    }
}

/** The consumers' end. */
abstract class MichaelScottQueueHead<E> extends MichaelScottQueuePad1<E> {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(MichaelScottQueueHead.class, "head", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The dummy: the node before the first element, whose value has been taken (or never was). */
    private Node<E> head;

    MichaelScottQueueHead(Node<E> dummy) {
        super(dummy);
        this.head = dummy;
    }

    /**
     * Acquire read: pairs with the CAS that made this node the dummy, so its fields are visible, and with the
     * release of a self-link, so a walker that met one finds a head past the dead node.
     */
    @SuppressWarnings("unchecked")
    final Node<E> headAcquire() {
        return (Node<E>) HEAD.getAcquire(this);
    }

    /** Volatile CAS; the winner alone dequeues the element after {@code expected}. */
    final boolean casHead(Node<E> expected, Node<E> update) {
        return HEAD.compareAndSet(this, expected, update);
    }
}

/** Keeps the head off the first dummy node and whatever follows the queue in memory. */
abstract class MichaelScottQueuePad2<E> extends MichaelScottQueueHead<E> {
    byte r000, r001, r002, r003, r004, r005, r006, r007, r008, r009, r010, r011, r012, r013, r014, r015;
    byte r016, r017, r018, r019, r020, r021, r022, r023, r024, r025, r026, r027, r028, r029, r030, r031;
    byte r032, r033, r034, r035, r036, r037, r038, r039, r040, r041, r042, r043, r044, r045, r046, r047;
    byte r048, r049, r050, r051, r052, r053, r054, r055, r056, r057, r058, r059, r060, r061, r062, r063;
    byte r064, r065, r066, r067, r068, r069, r070, r071, r072, r073, r074, r075, r076, r077, r078, r079;
    byte r080, r081, r082, r083, r084, r085, r086, r087, r088, r089, r090, r091, r092, r093, r094, r095;
    byte r096, r097, r098, r099, r100, r101, r102, r103, r104, r105, r106, r107, r108, r109, r110, r111;
    byte r112, r113, r114, r115, r116, r117, r118, r119, r120, r121, r122, r123, r124, r125, r126, r127;

    MichaelScottQueuePad2(Node<E> dummy) {
        super(dummy);
    }
}

/**
 * An unbounded lock-free queue for any number of producer and consumer threads: the linked queue of Maged
 * Michael and Michael Scott, "Simple, Fast, and Practical Non-Blocking and Blocking Concurrent Queue
 * Algorithms" (PODC 1996).
 *
 * <p>The list starts with a dummy node. A producer links its node after the last node by a CAS on that node's
 * {@code next}, then swings {@code tail} to it by a second CAS. Between the two the tail lags; any producer or
 * consumer that finds {@code tail.next} set swings the tail forward itself before retrying, so no thread ever
 * waits for a stalled producer. A consumer swings {@code head} to the dummy's successor by CAS; that node becomes
 * the new dummy, and the winner takes the element out of it. A consumer never moves the head past the tail, so
 * the tail never points at a dequeued node.
 *
 * <p>Threads: every method may be called from any thread. The queue must be published safely (through a final
 * or volatile field, a concurrent collection, {@code Thread.start} and the like), as any object whose fields are
 * not final.
 *
 * <p>{@link #size()} walks the list, as {@code ConcurrentLinkedQueue.size()} does: it takes time in proportion to
 * the length and is exact only while no other thread offers or polls; the count is capped at
 * {@link Integer#MAX_VALUE}. The iterator is weakly consistent: it follows {@code next} from the head, yields
 * every element present for the whole iteration, never yields null and never throws
 * {@link java.util.ConcurrentModificationException}. {@link #remove(Object)} and {@code iterator().remove()} throw
 * {@link UnsupportedOperationException}: the plain Michael-Scott algorithm has no logical deletion, so a node
 * leaves the list only through the head. {@code contains}, {@code toArray} and {@code toString} come from
 * {@link java.util.AbstractCollection} and walk the list the same way.
 *
 * <p>A dequeued node's {@code next} is linked to itself (see {@link Node#selfLink()}), so that a dead node that
 * has reached the old generation does not keep younger nodes alive. A walker that meets a self-link restarts from
 * the head.
 *
 * <p><b>Closing.</b> {@link #closeProducers()} links the marker {@link Node#CLOSED} after the last node, by the
 * same CAS of a null {@code next} a producer links its node with (walking to the last node and helping the tail
 * on the way, as {@code offer} does), so each producer's link either came first and is in the queue, or fails and
 * finds the marker: {@code offer} then returns {@code false} and {@code fill} stops. The marker is not a node of
 * the list: the tail is never swung onto it, the head never moves onto it, and {@code poll}, {@code peek}, the
 * walks of {@code size}, {@code isEmpty} and the iterator treat it as a null {@code next}, the end. So the
 * elements linked before the close are all still taken, in order, {@link #isEmpty()} stays false until they
 * are, and once it is true after the close it stays true. The check costs the hot paths nothing: a producer
 * meets the marker only where it would meet another producer's node (its CAS failed or {@code next} was set
 * already), and a consumer only where it would meet a lagging tail (the head is the last node). Unlike a ring,
 * a linked queue cannot claim room before it has the element: see {@link #fill} for what that means when a
 * close races a fill.
 *
 * @param <E> the element type
 */
public final class MichaelScottQueue<E> extends MichaelScottQueuePad2<E> implements ClosableQueue<E> {

    /** Most nodes {@link #fill} links with one CAS, so that consumers see a long fill in steps. */
    private static final int FILL_BATCH = 64;

    /** Creates an empty queue. */
    public MichaelScottQueue() {
        super(new Node<>(null));
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code true}, unless the queue is closed to producers
     */
    @Override
    public boolean offer(E e) {
        Node<E> node = new Node<>(Objects.requireNonNull(e, "null element"));
        return append(node, node);
    }

    /**
     * Links the chain {@code first .. last}, private to this thread so far, after the last node.
     *
     * @return whether it did; {@code false} if the queue is closed, and then the chain is nobody's
     */
    private boolean append(Node<E> first, Node<E> last) {
        // Acquire: pairs with the CAS that set the tail, so t's fields are visible.
        Node<E> t = tailAcquire();
        for (;;) {
            // Acquire: pairs with the CAS that linked t's successor.
            Node<E> next = t.nextAcquire();
            if (next == null) {
                // Volatile CAS: its release half publishes the chain's values and links; success is the moment
                // the elements are in the queue. A failure means another producer linked after t first: harmless,
                // nothing of ours is visible yet, and we retry from the tail.
                if (t.casNextFromNull(first)) {
                    // Volatile CAS. A failure is harmless: another thread already helped the tail past t.
                    casTail(t, last);
                    return true;
                }
                // A close that won against this CAS is found below on the retry, in the next we read anyway.
            } else if (next == Node.CLOSED) {
                // Only reached where next is set already, so the open queue's path pays nothing for this check.
                // The close's CAS took t's null next before ours could: our chain never became visible.
                return false;
            } else if (next != t) {
                // The tail lags behind a node another producer linked: help it forward, then retry. Volatile CAS;
                // a failure is harmless, it means some other thread helped first.
                casTail(t, next);
            }
            // next == t: t was dequeued after we read it (a self-link), so the tail has moved on. Either way the
            // tail is read again (acquire, as above).
            t = tailAcquire();
        }
    }

    @Override
    public E poll() {
        for (;;) {
            // Acquire: pairs with the head CAS that made h the dummy.
            Node<E> h = headAcquire();
            // Acquire: pairs with the tail CASes. Read after the head, so t is not behind h: the consumer that
            // set h had seen the tail past it, and that tail CAS happens-before our read.
            Node<E> t = tailAcquire();
            // Acquire: pairs with the producer's linking CAS, so the successor's value is visible.
            Node<E> next = h.nextAcquire();
            if (next == null) {
                return null; // h was the last node when we read its next, and so still the head: empty
            }
            if (next == h) {
                continue; // h was dequeued and self-linked after we read the head
            }
            if (h == t) {
                if (next == Node.CLOSED) {
                    // h is the last node of a closed queue: empty, for good. Checked only here, off the path of a
                    // non-empty queue: the marker follows the last node, and then t == h, as t is read after h (so
                    // not behind it) and is never past the last node. So the head never moves onto the marker.
                    return null;
                }
                // Lagging tail: the tail must move past h before the head may, or the tail would point at a dead
                // node. Volatile CAS; a failure is harmless, another thread helped first. Then retry.
                casTail(t, next);
                continue;
            }
            // Volatile CAS; a failure means another consumer took this element: retry from the new head.
            if (casHead(h, next)) {
                // Plain read, safe: the value was written before the linking CAS our acquire of h.next synchronized
                // with, and only the thread whose head CAS made `next` the dummy may touch it, which is us.
                E value = next.value();
                // Opaque write, see Node.clearValue(): only walkers race with it and either value is fine for them.
                next.clearValue();
                // Release write of the self-link, see Node.selfLink(): after our head CAS, so walkers that meet it
                // find the new head.
                h.selfLink();
                return value;
            }
        }
    }

    @Override
    public E peek() {
        // Acquire, as in poll.
        Node<E> p = headAcquire();
        for (;;) {
            // Acquire: pairs with the linking CAS, so the successor's value is visible.
            Node<E> next = p.nextAcquire();
            if (next == null) {
                return null;
            }
            if (next == p) {
                // p was dequeued under us. Acquire, as in poll; the self-link's release means this head is past p.
                p = headAcquire();
                continue;
            }
            // Opaque: races with the consumer that clears it. Null means `next` became the dummy; look past it.
            E value = next.valueOpaque();
            if (value != null) {
                return value;
            }
            if (next == Node.CLOSED) {
                // The marker holds no value, so it is told apart here, off the path that finds an element: p is
                // the last node of a closed queue, and there is nothing past it.
                return null;
            }
            p = next;
        }
    }

    /**
     * {@inheritDoc} The elements are linked in chains of up to 64, each with one CAS, so a
     * chain becomes visible at once. If the supplier throws, the elements supplied before are queued first.
     *
     * <p>Closing: before each element it asks the supplier for, the fill looks for the close at the end of the
     * list, so once the close is visible it asks for nothing more and returns what it has added. But a linked
     * queue needs the element before it can link it: a close that lands between that look and the chain's CAS
     * refuses the chain, whose elements the supplier has then given for nothing. So, racing a close (only then),
     * the supplier may have been called for elements this fill does not add: the last (calls &minus; returned
     * count) it supplied, at most one chain of 64; a caller that must not lose them keeps the last elements its
     * supplier gave.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is negative");
        }
        Objects.requireNonNull(supplier, "supplier");
        int filled = 0;
        // Acquire, as in append: where the looks for the close start; each goes on from where the last one ended.
        Node<E> end = tailAcquire();
        while (filled < limit) {
            int batch = Math.min(limit - filled, FILL_BATCH);
            Node<E> first = null;
            Node<E> last = null;
            int chained = 0;
            boolean linked = true;
            try {
                while (chained < batch && (end = lastNode(end)) != null) {
                    Node<E> node = new Node<>(Objects.requireNonNull(supplier.get(), "null element from supplier"));
                    if (first == null) {
                        first = node;
                    } else {
                        // Plain write: the chain is still private; append's CAS publishes it whole.
                        last.setNextPlain(node);
                    }
                    last = node;
                    chained++;
                }
            } finally {
                if (first != null) {
                    linked = append(first, last);
                }
            }
            if (!linked) {
                return filled; // closed after the look: this chain is refused whole
            }
            filled += chained;
            if (end == null) {
                return filled; // closed before the supplier was asked for more
            }
            if (last != null) {
                end = last; // our chain is in the list now: the next look starts at its end, not before it
            }
        }
        return filled;
    }

    /**
     * @param from a node of the list, or one dequeued from it
     * @return the node that was last when this looked, or null if the queue is closed
     */
    private Node<E> lastNode(Node<E> from) {
        Node<E> p = from;
        for (;;) {
            // Acquire, as in append: pairs with the CAS that linked p's successor or the marker.
            Node<E> next = p.nextAcquire();
            if (next == null) {
                return p;
            }
            if (next == Node.CLOSED) {
                return null;
            }
            // A self-link: p was dequeued, and the tail has moved past it (acquire, as in append). Otherwise walk on.
            p = next == p ? tailAcquire() : next;
        }
    }

    // ---- closing ----

    /**
     * {@inheritDoc}
     *
     * <p>Links {@link Node#CLOSED} after the last node by CAS; see the class documentation.
     */
    @Override
    public void closeProducers() {
        // Acquire, as in append; the loop is append's, with the marker for a chain and no tail swing onto it.
        Node<E> t = tailAcquire();
        for (;;) {
            // Acquire: pairs with the CAS that linked t's successor.
            Node<E> next = t.nextAcquire();
            if (next == null) {
                // Volatile CAS, the same a producer links with: ordered with every producer's link, each of which
                // is before it (and in the queue) or fails and finds the marker. The tail stays on t: the marker
                // is not a node. A failure means a producer linked first: retry from the tail.
                if (t.casNextFromNullToClosed()) {
                    return;
                }
            } else if (next == Node.CLOSED) {
                return; // closed already: nothing to do
            } else if (next != t) {
                // The tail lags behind a node a producer linked: help it forward, as append does. Volatile CAS;
                // a failure is harmless, some other thread helped first.
                casTail(t, next);
            }
            // next == t: t was dequeued (a self-link), so the tail has moved on. Either way, read it again.
            t = tailAcquire();
        }
    }

    @Override
    public boolean producersClosed() {
        // Acquire reads throughout (see lastNode): a thread that sees the marker also sees what the closer did
        // before its CAS.
        return lastNode(tailAcquire()) == null;
    }
}
