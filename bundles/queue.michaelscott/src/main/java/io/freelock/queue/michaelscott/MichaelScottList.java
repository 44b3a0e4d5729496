package io.freelock.queue.michaelscott;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.freelock.queue.internal.Batches;

/*
 * Field layout. Producers CAS the tail and consumers CAS the head, each on every second operation, so the two
 * must not share a cache line (ConcurrentLinkedQueue declares them side by side); 128 bytes apart also keeps them off the same pair of lines, which the adjacent-line
 * prefetcher of x86 parts fetches together. The classes below place them by inheritance, because HotSpot lays a
 * superclass's fields out before its subclass's. The padding is made of bytes because HotSpot (15 and later)
 * fills gaps in a superclass layout with subclass fields: after long padding the 4-byte tail would slip into the
 * gap behind the 12-byte object header. The padding before the tail keeps it off the header's line, which every
 * caller reads for the receiver's class.
 *
 * The count of fill batches in flight (see MichaelScottList.fill) comes 128 bytes after the head, with 128 bytes
 * of its own after it. Fills write it twice per batch, offers never, consumers never (isEmpty reads it, and only
 * after a close): on the tail's line its writes would take that line from offering producers between their reads
 * and CASes of the tail, on the head's line from every consumer. The padding after it keeps the count (and so,
 * before it, the head) off the first dummy node, which the constructor allocates right after the queue and
 * producers CAS while the queue is empty. The count costs 132 more bytes per queue, allocated once.
 * The padding follows the queues' one rule: io.freelock.queue.internal.Padding.
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

    /**
     * A node from which the last node can be reached, at most two hops behind it while producers are idle, or a
     * node the head has passed (self-linked), from which producers go to the head: see the class documentation.
     */
    private Node<E> tail;

    MichaelScottQueueTail(Node<E> dummy) {
        this.tail = dummy;
    }

    /** Acquire read: pairs with the CAS that set the tail (its value and links were published before). */
    @SuppressWarnings("unchecked")
    final Node<E> tailAcquire() {
        return (Node<E>) TAIL.getAcquire(this);
    }

    /** Volatile CAS; a failure means another thread has already moved the tail off {@code expected}. */
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

    /**
     * A node from which every element can be reached: the first live node, or a dead one at most a hop or a run of
     * removed nodes before it. Never a node already unlinked or self-linked when stored.
     */
    private Node<E> head;

    MichaelScottQueueHead(Node<E> dummy) {
        super(dummy);
        this.head = dummy;
    }

    /**
     * Acquire read: pairs with the CAS that stored this node, so its fields are visible, and with the release of a
     * self-link, so a walker that met one finds a head past the dead node.
     */
    @SuppressWarnings("unchecked")
    final Node<E> headAcquire() {
        return (Node<E>) HEAD.getAcquire(this);
    }

    /** Volatile CAS; a failure means another consumer or remover moved the head off {@code expected} first. */
    final boolean casHead(Node<E> expected, Node<E> update) {
        return HEAD.compareAndSet(this, expected, update);
    }
}

/** Keeps the head off the fill count. */
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

/** The count of fill batches in flight, which a close does not refuse: see {@link MichaelScottList#fill}. */
abstract class MichaelScottQueueFills<E> extends MichaelScottQueuePad2<E> {

    private static final VarHandle FILLS_IN_FLIGHT;

    static {
        try {
            FILLS_IN_FLIGHT = MethodHandles.lookup().findVarHandle(MichaelScottQueueFills.class, "fillsInFlight",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Fill batches that have registered and not yet finished: each adds one before it looks for the close and
     * takes it away after its chain is linked (or it found the close). Only ever reached through the methods
     * below, each of which names its mode.
     */
    private int fillsInFlight;

    MichaelScottQueueFills(Node<E> dummy) {
        super(dummy);
    }

    /**
     * Volatile getAndAdd: the store half of the Dekker pair with {@code isEmpty} (see
     * {@link MichaelScottList#fill}). Volatile, not release: the look for the close that follows it must not
     * be ordered before it, and only a volatile write is ordered before a later volatile read.
     */
    final void fillBegins() {
        FILLS_IN_FLIGHT.getAndAdd(this, 1);
    }

    /**
     * Release getAndAdd: pairs with the volatile read in {@link #fillsInFlightVolatile}, so that a reader that
     * finds the batch gone also sees the chain it linked before. Nothing after it needs ordering.
     */
    final void fillEnds() {
        FILLS_IN_FLIGHT.getAndAddRelease(this, -1);
    }

    /**
     * Volatile read: the load half of the Dekker pair, after the walk that found the queue closed; volatile so
     * that it is ordered after the close's CAS when the closer itself asks. Pairs with {@link #fillBegins} and,
     * through its acquire half, with {@link #fillEnds}.
     */
    final int fillsInFlightVolatile() {
        return (int) FILLS_IN_FLIGHT.getVolatile(this);
    }
}

/** Keeps the fill count off the first dummy node and whatever follows the queue in memory. */
abstract class MichaelScottQueuePad3<E> extends MichaelScottQueueFills<E> {
    byte s000, s001, s002, s003, s004, s005, s006, s007, s008, s009, s010, s011, s012, s013, s014, s015;
    byte s016, s017, s018, s019, s020, s021, s022, s023, s024, s025, s026, s027, s028, s029, s030, s031;
    byte s032, s033, s034, s035, s036, s037, s038, s039, s040, s041, s042, s043, s044, s045, s046, s047;
    byte s048, s049, s050, s051, s052, s053, s054, s055, s056, s057, s058, s059, s060, s061, s062, s063;
    byte s064, s065, s066, s067, s068, s069, s070, s071, s072, s073, s074, s075, s076, s077, s078, s079;
    byte s080, s081, s082, s083, s084, s085, s086, s087, s088, s089, s090, s091, s092, s093, s094, s095;
    byte s096, s097, s098, s099, s100, s101, s102, s103, s104, s105, s106, s107, s108, s109, s110, s111;
    byte s112, s113, s114, s115, s116, s117, s118, s119, s120, s121, s122, s123, s124, s125, s126, s127;

    MichaelScottQueuePad3(Node<E> dummy) {
        super(dummy);
    }
}

/**
 * An unbounded lock-free queue for any number of producer and consumer threads: the linked queue of Maged
 * Michael and Michael Scott ("Simple, Fast, and Practical Non-Blocking and Blocking Concurrent Queue
 * Algorithms", PODC 1996), with the lazy head and tail, the claim by value and the unlinking of removed nodes
 * that {@link java.util.concurrent.ConcurrentLinkedQueue} brought to it.
 *
 * <p><b>The list.</b> A node whose value is null is dead (see {@link Node}). A producer links its node after the
 * last node by a CAS of that node's null {@code next}; that CAS is the moment the element is in the queue. A
 * consumer takes an element by a CAS of its node's value to null; that CAS is the moment it leaves, and
 * {@code remove(Object)} takes its element by the same CAS, so of a consumer and a remover that race for one
 * element exactly one wins, and two removers of one element answer {@code true} once. Nothing else decides who
 * gets an element: {@code head} and {@code tail} are hints, kept within a node or two of where they belong.
 * <ul>
 * <li>{@code tail}: some node from which the last node can be reached (or a node the head has passed, from which
 * a producer goes to the head). A producer that linked its node more than one hop after the tail it read swings
 * the tail to its node by CAS, so the tail moves on every second offer, not every offer.</li>
 * <li>{@code head}: a node from which every element can be reached; it may itself hold the first element. A
 * consumer takes the first live node's value and moves the head past it only if that node was not the head
 * already, so the head moves on every second poll. The node the head leaves is linked to itself (see
 * {@link Node#selfLink()}); a walker or producer that meets a self-link goes on from the head.</li>
 * </ul>
 * A consumer never reads the tail and a producer reads the head only after it found the tail dead, so the two
 * ends' cache lines stay with their own threads. The head may pass a lagging tail; producers then start again from
 * the head.
 *
 * <p><b>Removal.</b> {@link #remove(Object)}, {@code removeIf}, {@code removeAll}, {@code retainAll} and
 * {@code iterator().remove()} take elements by the value CAS consumers use, from any thread, lock-free and
 * linearizable with {@code poll}: a removed element is never returned by a consumer, and nothing else changes.
 * Then the remover unlinks the run of dead nodes around it by a CAS of the predecessor's {@code next} (or of the
 * head), never the last node, whose {@code next} producers and the close link to. The iterator's remove only
 * takes the value; a later poll or removal unlinks the node.
 *
 * <p>Threads: every method may be called from any thread. The queue must be published safely (through a final
 * or volatile field, a concurrent collection, {@code Thread.start} and the like), as any object whose fields are
 * not final.
 *
 * <p>{@link #size()} walks the list, as {@code ConcurrentLinkedQueue.size()} does: it takes time in proportion to
 * the length and is exact only while no other thread offers, polls or removes; the count is capped at
 * {@link Integer#MAX_VALUE}. The iterator is weakly consistent: it follows {@code next} from the head, yields
 * every element present for the whole iteration, never yields null and never throws
 * {@link java.util.ConcurrentModificationException}. {@code contains}, {@code toArray} and {@code toString} come
 * from {@link java.util.AbstractCollection} and walk the list the same way.
 *
 * <p><b>Closing.</b> {@link #closeProducers()} links the marker {@link Node#CLOSED} after the last node, by the
 * same CAS of a null {@code next} a producer links its node with (walking to the last node from the tail, as
 * {@code offer} does), so each offer's link either came first and is in the queue, or fails and finds the marker,
 * and {@code offer} returns {@code false}. The marker is not a node of the list: the tail is never swung onto it,
 * the head never moves onto it, nothing unlinks the node before it, and {@code poll}, {@code peek}, removal, the
 * walks of {@code size}, {@code isEmpty} and the iterator treat it as a null {@code next}, the end. The check costs
 * the hot paths nothing: a producer meets the marker only where it would meet another producer's node (its CAS
 * failed or {@code next} was set already), and a consumer only where it would find the queue empty.
 *
 * <p>Unlike a ring, a linked queue cannot claim room before it has the element, so {@link #fill} does not claim
 * with its link. Each batch of up to 64 elements first registers in a count of batches in flight, then looks for
 * the marker: if it is there, the batch supplies nothing and the fill stops; if not, the batch has its claim,
 * supplies its chain and links it, and if a close landed meanwhile, it inserts the chain before the marker (a CAS
 * of the marker to the chain's first node, whose last node is followed by the marker), so the marker stays at the
 * end. A close stops only the batches that begin after it, and they see it: the registration and the look against
 * the close's CAS and {@code isEmpty}'s read of the count are a Dekker pair (see {@link #fill}). So, after the
 * close, offers and fill batches add nothing and call no supplier; the elements linked before it and the chains
 * of the batches begun before it are all taken (or removed), each producer's in order; {@link #isEmpty()} is false
 * until they are, including while such a batch is still supplying and nothing of it is linked yet; and once it is
 * true after the close it stays true. Meanwhile {@code poll} and {@code peek} may find the marker after the last
 * dead node and answer empty, and find such a chain on a later call (as a ring's consumer meets a claimed slot not
 * yet published), and {@link #size()} counts a batch in flight as 0 until its chain is linked, as it counts any
 * element not yet linked.
 *
 * <p>This class is the list's algorithm. {@link MichaelScottQueue} is the list as a queue of its own, closable;
 * {@link MichaelScottFrontQueue} is the list as the face of a managed queue until its first swap. Nothing in the
 * list calls one of its own public methods through {@code this}, since the front answers those for the whole
 * managed queue.
 *
 * @param <E> the element type
 */
abstract class MichaelScottList<E> extends MichaelScottQueuePad3<E> {

    /** Most nodes {@link #fill} links with one CAS, so that consumers see a long fill in steps. */
    private static final int FILL_BATCH = 64;
    /** Most nodes a {@link #drain} walks before it moves the head, so other consumers do not walk its dead run. */
    private static final int DRAIN_HEAD_STEP = 64;

    /** Creates an empty list. */
    MichaelScottList() {
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
        // Not registered: an offer claims with its link, so on a closed queue it is refused.
        return append(node, node, false);
    }

    /**
     * Links the chain {@code first .. last}, private to this thread so far, after the last node.
     *
     * @param registered whether this is the chain of a fill batch that registered and then found the queue open
     *        (see {@link #fill}): it claimed before the close, so a close that came since does not refuse it
     * @return whether it did; {@code false} if the queue is closed and the chain not registered, and then the
     *         chain is nobody's. A registered chain is always linked
     */
    private boolean append(Node<E> first, Node<E> last, boolean registered) {
        // Acquire: pairs with the tail CAS that stored t, so t's fields are visible.
        Node<E> t = tailAcquire();
        Node<E> p = t;
        for (;;) {
            // Acquire: pairs with the CAS that linked p's successor (or the marker), so its fields are visible.
            Node<E> next = p.nextAcquire();
            if (next == null) {
                // Volatile CAS: its release half publishes the chain's values and links; success is the moment
                // the elements are in the queue. A failure means another producer (or the close) linked after p
                // first: harmless, nothing of ours is visible yet, and we read p's next again.
                if (p.casNextFromNull(first)) {
                    if (p != t || first != last) {
                        // Volatile CAS of the lazy tail, only once it is two hops behind (or a chain was linked):
                        // pairs with the acquiring reads of the tail. A failure is harmless, another producer
                        // moved it on.
                        casTail(t, last);
                    }
                    return true;
                }
            } else if (next == Node.CLOSED) {
                // Only reached where next is set already, so the open queue's path pays nothing for this check.
                // The close's CAS took p's null next before ours could: our chain never became visible.
                if (!registered) {
                    return false;
                }
                // A batch that claimed before the close: insert the chain between p and the marker, so that the
                // marker stays at the end and the offers after the close still find it. Plain write: the chain
                // is still private, and the CAS below publishes it with the rest. It is never undone: once the
                // list is closed no node's next is null again, so this loop cannot take the branch above.
                last.setNextClosedPlain();
                // Volatile CAS, on the same variable as every link and the close: success is the moment the
                // elements are in the queue. A failure means another registered batch inserted its chain here
                // first: the marker is after that chain now, and we walk on to it.
                if (p.casNextFromClosed(first)) {
                    // Volatile CAS, as above; never onto the marker, which is not a node. A failure is harmless.
                    casTail(t, last);
                    return true;
                }
            } else if (next == p) {
                // A self-link: the head passed p, so the tail is behind the head. Go on from the tail if another
                // producer has moved it since, else from the head (acquire reads, as above and in poll).
                Node<E> moved = tailAcquire();
                p = moved != t ? (t = moved) : headAcquire();
            } else if (p != t) {
                // Two hops from the tail read: read it again (acquire, as above), in case it moved far ahead.
                Node<E> moved = tailAcquire();
                p = moved != t ? (t = moved) : next;
            } else {
                p = next;
            }
        }
    }

    @Override
    public E poll() {
        restart:
        for (;;) {
            // Acquire: pairs with the head CAS that stored h (and, through it, with the links that led there).
            Node<E> h = headAcquire();
            for (Node<E> p = h;;) {
                // Opaque: races with other consumers' and removers' CASes; the CAS below decides.
                E value = p.valueOpaque();
                // Volatile CAS of the value: the claim; pairs with the other consumers' and removers' CASes of the
                // same value, so exactly one thread takes it. A failure means one of them took it first.
                if (value != null && p.casValueToNull(value)) {
                    if (p != h) {
                        // The lazy head: moved only when it is a hop behind, so every second poll.
                        moveHead(h, p);
                    }
                    return value;
                }
                // Acquire: pairs with the CAS that linked p's successor, so its value is visible.
                Node<E> next = p.nextAcquire();
                if (next == null || next == Node.CLOSED) {
                    // p is the last node and every node from h to it was dead when read: empty at this read. A chain
                    // that a fill batch begun before a close inserts before the marker later is for a later call.
                    updateHead(h, p);
                    return null;
                }
                if (next == p) {
                    continue restart; // the head passed p under us: start again from the head
                }
                p = next;
            }
        }
    }

    @Override
    public E peek() {
        restart:
        for (;;) {
            // Acquire, as in poll.
            Node<E> h = headAcquire();
            for (Node<E> p = h;;) {
                // Opaque, as in poll.
                E value = p.valueOpaque();
                // Acquire, as in poll.
                Node<E> next = value != null ? null : p.nextAcquire();
                if (value != null || next == null || next == Node.CLOSED) {
                    // The first live node, or the last: the head may move up to it, as poll would move it.
                    updateHead(h, p);
                    return value;
                }
                if (next == p) {
                    continue restart;
                }
                p = next;
            }
        }
    }

    /**
     * {@inheritDoc} Each element is claimed by the same CAS of its value as a {@code poll}'s (so a removal or
     * another consumer racing for it gets it or not, never both), and the consumer gets it right after; the head
     * moves once at the end, and every 64 nodes on a long drain, instead of every second element. If the consumer
     * throws, the elements it was handed count as delivered and the rest stay queued.
     */
    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        Batches.check(consumer, "consumer", limit);
        int drained = 0;
        restart:
        while (drained < limit) {
            // Acquire, as in poll.
            Node<E> h = headAcquire();
            Node<E> p = h;
            int walked = 0;
            try {
                for (;;) {
                    // Opaque, then the claiming volatile CAS, as in poll.
                    E value = p.valueOpaque();
                    if (value != null && p.casValueToNull(value)) {
                        drained++;
                        consumer.accept(value);
                        if (drained == limit) {
                            return drained; // finally moves the head past p
                        }
                    }
                    // Acquire, as in poll.
                    Node<E> next = p.nextAcquire();
                    if (next == null || next == Node.CLOSED) {
                        return drained; // the last node: empty at this read, as in poll
                    }
                    if (next == p) {
                        p = null; // the head passed p: nothing for finally to move
                        continue restart;
                    }
                    p = next;
                    if (++walked == DRAIN_HEAD_STEP) {
                        // A long run: give the walked dead nodes up now, so other consumers need not walk them.
                        updateHead(h, p);
                        // Acquire, as above: where the head is now (ours, or further on if another thread moved it).
                        h = headAcquire();
                        walked = 0;
                    }
                }
            } finally {
                if (p != null) {
                    moveHead(h, p);
                }
            }
        }
        return drained;
    }

    /** Moves the head from {@code h} past {@code p}, a node the caller found dead, or onto it if it is the last. */
    private void moveHead(Node<E> h, Node<E> p) {
        // Acquire, as in poll. A self-link here means the head passed p already: updateHead's CAS then fails.
        Node<E> next = p.nextAcquire();
        updateHead(h, next == null || next == Node.CLOSED ? p : next);
    }

    /**
     * Moves the head from {@code h} to {@code p}, a later node, if it is still on {@code h}; every node before
     * {@code p} was dead when the caller read it. Then links {@code h} to itself.
     */
    private void updateHead(Node<E> h, Node<E> p) {
        // Volatile CAS: pairs with the acquiring reads of the head; a failure means another thread moved it on.
        if (h != p && casHead(h, p)) {
            // Release write of the self-link, see Node.selfLink(): after the head CAS, so a walker that meets it
            // finds the head past h.
            h.selfLink();
        }
    }

    // ---- removal ----

    /**
     * {@inheritDoc} Any thread. Each element is taken by the value CAS a consumer takes it with; then the run of
     * dead nodes it belongs to is unlinked by {@link #skipDead}. If {@code filter} throws, what it accepted before
     * stays removed.
     */
    @Override
    boolean removeMatching(Predicate<? super E> filter, boolean all) {
        boolean removed = false;
        restart:
        for (;;) {
            // The last node seen live, after which dead runs are unlinked; null while the run starts at the head.
            Node<E> pred = null;
            // Acquire, as in poll.
            Node<E> p = headAcquire();
            for (;;) {
                // Opaque, as in poll.
                E value = p.valueOpaque();
                // Acquire, as in poll. Read after the value, as in poll: an end found here is the end at a moment when
                // every node walked was dead or held no match (read before the value, a null next could be stale by
                // the time a value read null, and a match linked meanwhile would be missed).
                Node<E> next = p.nextAcquire();
                if (value != null) {
                    if (next == p) {
                        continue restart; // taken and passed by the head since the value was read
                    }
                    if (!filter.test(value)) {
                        if (next == null || next == Node.CLOSED) {
                            return removed; // no match from the head to the end, at the read of next
                        }
                        pred = p; // if another thread takes p meanwhile, skipDead finds it dead
                        p = next;
                        continue;
                    }
                    // Volatile CAS, the claim of poll (see there): a removed element is never returned by a consumer,
                    // and of two removers of it one wins.
                    if (!p.casValueToNull(value)) {
                        continue; // another thread took it since: look at p again, dead now, with a fresh next
                    }
                    removed = true;
                    // Acquire, as above: the next read before the CAS may be stale, and the walk goes on from it.
                    next = p.nextAcquire();
                    if (!all) {
                        skipDead(pred, p, p, next);
                        return true;
                    }
                }
                // p is dead: find the end of its run, then unlink the run.
                Node<E> runStart = p;
                for (;;) {
                    if (next == null || next == Node.CLOSED || next.valueOpaque() != null) {
                        pred = skipDead(pred, runStart, p, next);
                        break;
                    }
                    if (next == p) {
                        continue restart; // the head passed p under us
                    }
                    p = next; // dead: its value was read null just above
                    // Acquire, as above.
                    next = p.nextAcquire();
                }
                if (next == null || next == Node.CLOSED) {
                    return removed;
                }
                p = next;
            }
        }
    }

    /**
     * Unlinks the dead run {@code first .. last}, whose successor the caller read as {@code next}, from after
     * {@code pred} (or from the head, if {@code pred} is null). The last node of the list is never unlinked.
     *
     * @return the node the walk goes on from as the last live one: {@code pred} if the unlink held and pred is
     *         still live, else {@code last}
     */
    private Node<E> skipDead(Node<E> pred, Node<E> first, Node<E> last, Node<E> next) {
        if (next == last) {
            return pred; // a self-link: the head has passed the run, nothing is left to unlink
        }
        Node<E> to = next;
        if (next == null || next == Node.CLOSED) {
            if (first == last) {
                return pred; // the run is the last node alone: producers link after it, it stays
            }
            to = last; // keep the last node, unlink the rest of the run
        }
        boolean unlinked;
        if (pred != null) {
            // Volatile CAS: pairs with other removers' unlinking CASes and with self-links (it fails after one),
            // so it succeeds only while pred still links to first; every node it skips was dead when read.
            unlinked = pred.casNext(first, to);
        } else {
            // Volatile CAS of the head from first to the run's end, and the self-link, as in updateHead.
            unlinked = casHead(first, to);
            if (unlinked) {
                first.selfLink();
            }
        }
        // Opaque, as in poll: a pred taken meanwhile is dead, and the next run may start at it.
        return unlinked && (pred == null || pred.valueOpaque() != null) ? pred : last;
    }

    /** {@inheritDoc} Any thread: takes the value by the claiming CAS, as poll does; a later walk unlinks it. */
    @Override
    void removeNode(Node<E> node, E element) {
        // Volatile CAS, the claim of poll: fails if a consumer or remover took the element first.
        node.casValueToNull(element);
    }

    /**
     * {@inheritDoc} The elements are linked in chains of up to 64, each with one CAS, so a
     * chain becomes visible at once. If the supplier throws, the elements supplied before are queued first.
     *
     * <p>Closing: a batch (the up to 64 elements of one chain) that has begun completes, and a close stops only the
     * batches that begin after it. Each batch registers in a count of batches in flight, then looks for the close
     * at the end of the list: if it finds it, the fill returns what it has added, without asking the supplier for
     * anything more; if not, the batch asks the supplier for its elements and links them, before the close's
     * marker if the close came meanwhile, so its elements are taken after everything linked before the close. So
     * no supplied element is ever lost, and the supplier is called only for elements the fill adds: racing a
     * close, a fill returns whole batches, and the supplier may run after {@code closeProducers()} has returned,
     * for a batch that began before it, as a ring's fill completes a range it claimed. While such a batch is in
     * flight after the close, {@link #isEmpty()} is {@code false}. The cost is two atomic additions to the count
     * per batch of up to 64 elements, on a line of their own; {@code offer} and {@code poll} pay nothing.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Batches.check(supplier, "supplier", limit);
        int filled = 0;
        // Acquire, as in append: where the first look for the close starts; each goes on from where the last ended.
        Node<E> end = tailAcquire();
        while (filled < limit) {
            int batch = Math.min(limit - filled, FILL_BATCH);
            // Volatile getAndAdd, then the look's volatile reads: the Dekker pair with the closer. The close is a
            // volatile CAS of the marker into the last node's next; isEmpty, after a walk that found the marker,
            // reads the count (volatile). In the single order of these volatile accesses, either our look comes
            // after the close's CAS, and then it reads the marker (every node's next is a node, itself or the
            // marker from that CAS on) and the batch supplies nothing; or the look reads no marker, so it came
            // before that CAS, and our increment came before it too, and so before the count read of any isEmpty
            // that saw the marker: that read finds this batch counted, or already ended, after its link.
            fillBegins();
            Node<E> first = null;
            Node<E> last = null;
            int chained = 0;
            try {
                end = lastNode(end);
                if (end == null) {
                    return filled; // closed before this batch looked: nothing supplied (finally ends the batch)
                }
                while (chained < batch) {
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
                    // Registered: always linked, before the marker if a close came since the look; also when the
                    // supplier threw, so that what it gave before is queued.
                    append(first, last, true);
                }
                // Release getAndAdd, after the link: an isEmpty that reads the count without this batch then sees
                // the chain in the list (it walks again after that read).
                fillEnds();
            }
            filled += chained;
            end = last; // our chain is in the list now: the next look starts at its end, not before it
        }
        return filled;
    }

    /**
     * The look of a fill batch for the close. Volatile reads, not acquire: the read that ends the walk is the
     * load half of the Dekker pair with the close (see {@link #fill}), and must not be ordered before the batch's
     * volatile registration. On x86 and AArch64 they compile as the acquire reads would.
     *
     * @param from a node of the list, or one dequeued from it
     * @return the node that was last when this looked, or null if the queue is closed
     */
    private Node<E> lastNode(Node<E> from) {
        Node<E> p = from;
        for (;;) {
            // Volatile (see above); its acquire half pairs with the CAS that linked p's successor or the marker.
            Node<E> next = p.nextVolatile();
            if (next == null) {
                return p;
            }
            if (next == Node.CLOSED) {
                return null;
            }
            p = next == p ? resumeAfterSelfLink(p) : next;
        }
    }

    /**
     * Where a walk to the last node goes on from a node {@code dead} that the head has passed (a self-link): the
     * tail, unless it is that node or dead too, else the head. Acquire reads, as in append.
     */
    private Node<E> resumeAfterSelfLink(Node<E> dead) {
        Node<E> t = tailAcquire();
        return t != dead && t.nextAcquire() != t ? t : headAcquire();
    }

    // ---- closing ----

    /**
     * Shuts producers out for good ({@link io.freelock.queue.ClosableQueue#closeProducers()}): links
     * {@link Node#CLOSED} after the last node by CAS; see the class documentation.
     */
    public void closeProducers() {
        // Acquire, as in append; the loop is append's, with the marker for a chain and no tail swing onto it.
        Node<E> t = tailAcquire();
        Node<E> p = t;
        for (;;) {
            // Acquire: pairs with the CAS that linked p's successor.
            Node<E> next = p.nextAcquire();
            if (next == null) {
                // Volatile CAS, the same a producer links with: ordered with every producer's link, each of which
                // is before it (and in the queue) or fails and finds the marker (an offer is then refused, a fill
                // batch that looked before this CAS inserts its chain before the marker). It is also the store
                // half of the closer's side of the Dekker pair described in fill. A failure means a producer
                // linked first: read p's next again.
                if (p.casNextFromNullToClosed()) {
                    if (p != t) {
                        // Volatile CAS of the tail onto the last node, never onto the marker, which is not a node:
                        // the lagging tail's last move. A failure is harmless, another thread moved it.
                        casTail(t, p);
                    }
                    return;
                }
            } else if (next == Node.CLOSED) {
                return; // closed already: nothing to do
            } else if (next == p) {
                p = resumeAfterSelfLink(p); // the head passed p: go on from a live tail or the head
            } else {
                p = next;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>After a close it is also {@code false} while a fill batch that began before the close has not linked
     * its chain yet (and, for the moment it takes to find the marker, while a batch that began after it is
     * looking); once it is {@code true} after the close, it stays true: see the class documentation.
     */
    @Override
    public boolean isEmpty() {
        Node<E> first = Walk.firstOrEnd(this::headAcquire);
        if (first != Node.CLOSED) {
            // Open (or not empty): a fill batch in flight is not in the queue yet, as an offer that has not
            // linked is not, so empty at the walk is a true answer. Null: the walk reached the last node.
            return first == null;
        }
        // Closed and empty at the walk. Volatile read of the count, after the walk's acquire reads (an acquire
        // keeps later reads after it): the load half of the Dekker pair described in fill. A batch counted here
        // may have claimed before the close and not linked yet: not empty.
        if (fillsInFlightVolatile() != 0) {
            return false;
        }
        // None in flight. A batch that ended since the walk linked its chain before its release decrement, which
        // the read above synchronized with, so this second walk sees that chain (or finds it taken already); a
        // batch that registers after the read above sees the marker and links nothing. So true here is final.
        return Walk.isEmpty(this::headAcquire);
    }

    /** @return whether {@link #closeProducers()} has run ({@link io.freelock.queue.ClosableQueue#producersClosed()}) */
    public boolean producersClosed() {
        // Volatile reads throughout (see lastNode), acquire would do here: a thread that sees the marker also sees
        // what the closer did before its CAS.
        return lastNode(tailAcquire()) == null;
    }
}
