package io.freelock.queue.michaelscott;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.freelock.queue.internal.Batches;


/*
 * Field layout, as in MichaelScottQueue and for the same reasons: the producer writes the tail on every offer and
 * the consumer writes the head on every poll, so they sit 128 bytes apart, placed by inheritance and padded with
 * bytes so HotSpot cannot move a field into a gap of the padding. The outer padding keeps the tail off the object
 * header and the head off the first dummy node, allocated right after the queue.
 * The padding follows the queues' one rule: io.freelock.queue.internal.Padding.
 */

/** Keeps the tail off the object header and whatever precedes the queue in memory. */
abstract class SpscLinkedQueuePad0<E> extends LinkedQueue<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

/** The producer's end. */
abstract class SpscLinkedQueueTail<E> extends SpscLinkedQueuePad0<E> {

    /** The last node. Plain: the producer thread alone reads and writes it. */
    private Node<E> tail;

    SpscLinkedQueueTail(Node<E> dummy) {
        this.tail = dummy;
    }

    final Node<E> tail() {
        return tail;
    }

    final void setTail(Node<E> last) {
        this.tail = last;
    }
}

/** Keeps the tail and the head 128 bytes apart. */
abstract class SpscLinkedQueuePad1<E> extends SpscLinkedQueueTail<E> {
    byte q000, q001, q002, q003, q004, q005, q006, q007, q008, q009, q010, q011, q012, q013, q014, q015;
    byte q016, q017, q018, q019, q020, q021, q022, q023, q024, q025, q026, q027, q028, q029, q030, q031;
    byte q032, q033, q034, q035, q036, q037, q038, q039, q040, q041, q042, q043, q044, q045, q046, q047;
    byte q048, q049, q050, q051, q052, q053, q054, q055, q056, q057, q058, q059, q060, q061, q062, q063;
    byte q064, q065, q066, q067, q068, q069, q070, q071, q072, q073, q074, q075, q076, q077, q078, q079;
    byte q080, q081, q082, q083, q084, q085, q086, q087, q088, q089, q090, q091, q092, q093, q094, q095;
    byte q096, q097, q098, q099, q100, q101, q102, q103, q104, q105, q106, q107, q108, q109, q110, q111;
    byte q112, q113, q114, q115, q116, q117, q118, q119, q120, q121, q122, q123, q124, q125, q126, q127;

    SpscLinkedQueuePad1(Node<E> dummy) {
        super(dummy);
    }
}

/** The consumer's end. */
abstract class SpscLinkedQueueHead<E> extends SpscLinkedQueuePad1<E> {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(SpscLinkedQueueHead.class, "head", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The dummy before the first element. The consumer alone writes it; any thread may read it to walk. */
    private Node<E> head;

    SpscLinkedQueueHead(Node<E> dummy) {
        super(dummy);
        this.head = dummy;
    }

    /** Plain read, for the consumer thread: it reads its own writes. */
    @SuppressWarnings("unchecked")
    final Node<E> headPlain() {
        return (Node<E>) HEAD.get(this);
    }

    /** Acquire read, for any other thread: pairs with {@link #setHeadRelease}. */
    @SuppressWarnings("unchecked")
    final Node<E> headAcquire() {
        return (Node<E>) HEAD.getAcquire(this);
    }

    /**
     * Release write by the consumer. Opaque would give a walker on another thread the new head but no
     * happens-before edge to the writes that made that node what it is: the producer's value write (published to
     * the consumer by its acquire of {@code next}) would not be transitively visible, and a walker could read the
     * node's value or {@code next} as stale and skip elements that were there all along. Release paired with the
     * walker's acquire carries the whole chain producer, consumer, walker; on x86 it costs no more than a plain
     * store.
     */
    final void setHeadRelease(Node<E> dummy) {
        HEAD.setRelease(this, dummy);
    }
}

/** Keeps the head off the first dummy node and whatever follows the queue in memory. */
abstract class SpscLinkedQueuePad2<E> extends SpscLinkedQueueHead<E> {
    byte r000, r001, r002, r003, r004, r005, r006, r007, r008, r009, r010, r011, r012, r013, r014, r015;
    byte r016, r017, r018, r019, r020, r021, r022, r023, r024, r025, r026, r027, r028, r029, r030, r031;
    byte r032, r033, r034, r035, r036, r037, r038, r039, r040, r041, r042, r043, r044, r045, r046, r047;
    byte r048, r049, r050, r051, r052, r053, r054, r055, r056, r057, r058, r059, r060, r061, r062, r063;
    byte r064, r065, r066, r067, r068, r069, r070, r071, r072, r073, r074, r075, r076, r077, r078, r079;
    byte r080, r081, r082, r083, r084, r085, r086, r087, r088, r089, r090, r091, r092, r093, r094, r095;
    byte r096, r097, r098, r099, r100, r101, r102, r103, r104, r105, r106, r107, r108, r109, r110, r111;
    byte r112, r113, r114, r115, r116, r117, r118, r119, r120, r121, r122, r123, r124, r125, r126, r127;

    SpscLinkedQueuePad2(Node<E> dummy) {
        super(dummy);
    }
}

/**
 * An unbounded queue for exactly one producer thread and one consumer thread: the linked list of
 * {@link MichaelScottQueue} without its CASes and without helping. The producer owns the tail and links each node
 * with a release store of the last node's {@code next}; the consumer owns the head, a dummy node, reads
 * {@code next} with acquire and moves the head to the node it takes the element from, which becomes the new
 * dummy. No operation waits for the other thread.
 *
 * <p>Threads:
 * <ul>
 * <li>the producer thread only: {@code offer}, {@code add}, {@code addAll}, {@code fill};</li>
 * <li>the consumer thread only: {@code poll}, {@code remove()}, {@code peek}, {@code element}, {@code drain},
 * {@code clear}, and removal from the middle: {@code remove(Object)}, {@code removeIf}, {@code removeAll},
 * {@code retainAll} and {@code iterator().remove()};</li>
 * <li>any thread: {@code size}, {@code isEmpty}, {@code iterator} (without {@code remove}), {@code contains},
 * {@code toArray}, {@code toString}, {@code capacity}.</li>
 * </ul>
 * A second producer or consumer, or a removal from another thread than the consumer, corrupts the queue silently;
 * nothing checks. The queue must be published safely to both threads (through a final or volatile field, a
 * concurrent collection, {@code Thread.start} and the like).
 *
 * <p><b>Removal</b> is a consumer's operation, so it needs no CAS: the consumer clears the element's value, which
 * makes the node dead (poll, peek and every walk skip dead nodes), and unlinks the node by a release store of its
 * predecessor's {@code next}, unless it is the last node: the producer links its next node there, so it stays, dead,
 * until the head passes it. The producer writes only the last node's {@code next} and the consumer only the
 * {@code next} of nodes that have a successor, so they never write the same field.
 *
 * <p>{@link #size()} walks the list, as {@code ConcurrentLinkedQueue.size()} does: it takes time in proportion to
 * the length and is exact only while neither thread is moving elements; the count is capped at
 * {@link Integer#MAX_VALUE}. The iterator is weakly consistent: it follows {@code next} from the head, yields
 * every element present for the whole iteration, never yields null and never throws
 * {@link java.util.ConcurrentModificationException}. A dequeued node's {@code next} is linked to itself against GC
 * nepotism (see {@link Node#selfLink()}); a walker that meets a self-link restarts from the head.
 *
 * @param <E> the element type
 */
public final class SpscLinkedQueue<E> extends SpscLinkedQueuePad2<E> {

    /** Creates an empty queue. */
    public SpscLinkedQueue() {
        super(new Node<>(null));
    }

    /** Producer thread only. */
    @Override
    public boolean offer(E e) {
        Node<E> node = new Node<>(Objects.requireNonNull(e, "null element"));
        // Plain read: the producer owns the tail. Release store of next: pairs with the acquire of next by the
        // consumer and by walkers, and publishes the node's value written just before.
        tail().setNextRelease(node);
        // Plain write: no other thread reads the tail.
        setTail(node);
        return true;
    }

    /** Consumer thread only. */
    @Override
    public E poll() {
        // Plain read: the consumer owns the head.
        Node<E> h = headPlain();
        for (;;) {
            // Acquire: pairs with the producer's release store of next, so the node's value is visible.
            Node<E> next = h.nextAcquire();
            if (next == null) {
                return null;
            }
            // Plain read: made visible by the acquire above; only this thread ever writes it after the producer.
            E value = next.value();
            if (value != null) {
                // Opaque write, see Node.clearValue(): only walkers race with it and either value is fine for them.
                // Before the head's release below, so a walker that finds this node as the head finds it dead.
                next.clearValue();
            }
            // Release write, see setHeadRelease: walkers on other threads read the head with acquire.
            setHeadRelease(next);
            // Release write of the self-link, see Node.selfLink(): after the head store, so a walker that meets it
            // finds the new head.
            h.selfLink();
            if (value != null) {
                return value;
            }
            h = next; // a removed element's node, left because it was the last one: step past it
        }
    }

    /** Consumer thread only. */
    @Override
    public E peek() {
        // Plain read of the consumer's own head; each acquire of next pairs with the producer's release store.
        for (Node<E> p = headPlain().nextAcquire(); p != null; p = p.nextAcquire()) {
            // Plain read of the value: visible through that acquire, and only this thread clears it.
            E value = p.value();
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Producer thread only. Each element is visible to the consumer as soon as it is linked. */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Batches.check(supplier, "supplier", limit);
        int filled = 0;
        while (filled < limit) {
            offer(Objects.requireNonNull(supplier.get(), "null element from supplier"));
            filled++;
        }
        return filled;
    }

    /** Consumer thread only (see the class documentation). */
    @Override
    boolean removeMatching(Predicate<? super E> filter, boolean all) {
        boolean removed = false;
        // Plain read: the consumer owns the head, a dummy; the walk unlinks after pred, the last live node seen.
        Node<E> pred = headPlain();
        // Acquire, here and below: pairs with the producer's release store of next, so the value is visible.
        Node<E> p = pred.nextAcquire();
        while (p != null) {
            Node<E> next = p.nextAcquire();
            // Plain read: only this thread clears values.
            E value = p.value();
            boolean dead = value == null;
            if (!dead && filter.test(value)) {
                // Opaque write, see Node.clearValue(): walkers on other threads race with it.
                p.clearValue();
                removed = true;
                dead = true;
            }
            if (dead && next != null) {
                // Release store: pairs with the acquire of next by walkers, which then find p's successor, and
                // everything it links, through pred. p has a successor, so the producer no longer writes p or pred.
                pred.setNextRelease(next);
            } else if (!dead) {
                pred = p;
            }
            // A dead last node stays linked (see the class documentation); the walk ends there anyway.
            if (removed && !all) {
                return true;
            }
            p = next;
        }
        return removed;
    }

    /** Consumer thread only: marks the node dead; poll or a later removal unlinks it. */
    @Override
    void removeNode(Node<E> node, E element) {
        // Plain read: only this thread clears values. Opaque write, as in removeMatching.
        if (node.value() == element) {
            node.clearValue();
        }
    }
}
