package io.freelock.queue.spsc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.internal.Batches;
import io.freelock.queue.internal.Padding;
import io.freelock.queue.internal.Removal;
import io.freelock.queue.internal.Rings;

/*
 * Field layout. HotSpot places a superclass's fields before its subclass's, so a chain of small classes
 * fixes the order: pad, cold fields, pad, producer fields, pad, consumer fields, pad. Each pad is 128
 * bytes of byte fields: two 64-byte lines, because Intel's adjacent-line prefetcher pulls lines in pairs,
 * and bytes because they leave no alignment hole a later field could be slotted into: the queues' one rule,
 * io.freelock.queue.internal.Padding.
 */

/** Keeps the read-mostly fields off the line of whatever object the heap puts before this one. */
abstract class SpscPadBeforeCold<E> extends AbstractQueue<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

/** What both sides read on every operation and nobody writes after construction. */
abstract class SpscColdFields<E> extends SpscPadBeforeCold<E> {
    /**
     * Unused slots before the ring's first slot and after its last: {@link Padding#BYTES} bytes of them at the smallest
     * reference size (4 bytes, compressed oops; larger references pad more). Every slot access checks the index
     * against the array's length, which lives in the array's header: padded, the header's line holds no slot that
     * either side writes, so it stays in both cores' caches instead of moving with the first slots' stores; and the
     * objects the heap puts just before and after the array share no line with the slots either.
     */
    static final int PAD_SLOTS = Padding.BYTES / 4;
    /**
     * The ring's slots, from {@link #PAD_SLOTS} on; written once by the constructor, its elements by the producer and
     * (to null) the consumer.
     */
    final Object[] buffer;
    /** capacity - 1: maps an index to its slot; written once by the constructor. */
    final int mask;
    /**
     * How far ahead the producer looks for room: a quarter of the ring, at most 4096, 0 on rings under 4 slots;
     * always under the capacity, so the slot it checks last held an element from before the producer's index.
     */
    final int lookahead;

    SpscColdFields(int capacity) {
        buffer = new Object[PAD_SLOTS + capacity + PAD_SLOTS]; // at most 2^30 + 64: no overflow
        mask = capacity - 1;
        lookahead = Math.min(capacity / 4, 4096);
    }
}

/** Keeps the producer's writes from invalidating the line both sides read buffer and mask from. */
abstract class SpscPadBeforeProducer<E> extends SpscColdFields<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;

    SpscPadBeforeProducer(int capacity) {
        super(capacity);
    }
}

/** The producer's line. */
abstract class SpscProducerFields<E> extends SpscPadBeforeProducer<E> {
    /**
     * Next index the producer writes; written by the producer only (setRelease, after each slot store), read by
     * the producer (plain) and by size(), isEmpty() and the iterator (getAcquire), never by the consumer.
     */
    long producerIndex;
    /** First index whose slot the producer has not yet seen free; producer only, plain. */
    long producerLimit;

    SpscProducerFields(int capacity) {
        super(capacity);
    }
}

/** Keeps the consumer's writes off the producer's line and the other way round. */
abstract class SpscPadBeforeConsumer<E> extends SpscProducerFields<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;

    SpscPadBeforeConsumer(int capacity) {
        super(capacity);
    }
}

/** The consumer's line. */
abstract class SpscConsumerFields<E> extends SpscPadBeforeConsumer<E> {
    /**
     * Next index the consumer takes; written by the consumer only (setRelease, before each slot clearing), read
     * by the consumer (plain) and by size(), isEmpty() and the iterator (getAcquire), never by the producer.
     */
    long consumerIndex;
    /**
     * How many elements have left the ring, by poll or by removal, while removed elements' places were waiting
     * for the consumer to pass them; then {@code takenCount == consumerIndex + removedAhead}, and otherwise it is
     * at most {@code consumerIndex} and means nothing. Written by the consumer only (setRelease), read by it
     * (plain) and by size(), isEmpty() and removedCount() (getAcquire/getOpaque); never by the producer.
     */
    long takenCount;
    /**
     * Removed elements' places (slots holding {@code SpscRing.REMOVED}) at or after the consumer index; consumer
     * only, plain. Zero on the fast paths, which test it before anything else.
     */
    int removedAhead;

    SpscConsumerFields(int capacity) {
        super(capacity);
    }
}

/** Keeps the consumer's line apart from the object the heap puts after this one (often the buffer itself). */
abstract class SpscPadAfterConsumer<E> extends SpscConsumerFields<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;

    SpscPadAfterConsumer(int capacity) {
        super(capacity);
    }
}

/**
 * A bounded ring for exactly one producer thread and one consumer thread, with no compare-and-set and no
 * lock. The slots themselves say who owns them: a non-null slot holds an element for the consumer, a null slot
 * is free for the producer. Each side hands a slot over with a release store and takes it with an acquire
 * load, so on the hot paths neither side reads the other side's index (FastFlow's design, as in JCTools'
 * {@code SpscArrayQueue}): the only lines that move between the two cores are the slots, which carry the
 * elements anyway.
 *
 * <p><b>Threads.</b> At any one time, one thread is the producer and one the consumer (handing a role to
 * another thread needs a happens-before edge between the two, as a {@code Thread.start} or a lock gives).
 * <ul>
 * <li>producer only: {@link #offer}, {@link #add}, {@link #addAll}, {@link #fill};</li>
 * <li>consumer only: {@link #poll}, {@link #remove()}, {@link #peek}, {@link #element}, {@link #drain},
 * {@link #clear}, and removal from anywhere: {@link #remove(Object)}, {@link #removeIf}, {@link #removeAll},
 * {@link #retainAll} and {@link Iterator#remove} (only the consumer may free a place in the ring);</li>
 * <li>any thread: {@link #size}, {@link #isEmpty}, {@link #capacity}, {@link #iterator} and what
 * {@code AbstractCollection} builds on it ({@code toArray}, {@code contains}, {@code toString}).</li>
 * </ul>
 *
 * <p><b>Removal from the middle.</b> The consumer removes an element by putting {@code REMOVED}, a private
 * sentinel, in its slot. The slot stays non-null, so to the producer it is still taken, and slots still become
 * free only in order, at the head, as the producer's look-ahead needs. Consumer calls pass such slots (freeing
 * them) before they look at the head; the iterator, {@code contains} and {@code toArray} skip them. Removal
 * needs no compare-and-set: only the consumer writes a slot that holds something. Because removal leaves
 * places that the consumer index has not yet passed, the consumer keeps a second count while any are ahead,
 * {@code takenCount} (elements that left by poll or removal): a removal takes effect at its store of that
 * count, before its sentinel, and a poll made meanwhile stores it too, before its index. The fast paths test
 * one consumer-owned field, {@code removedAhead}, and otherwise run as before. A removed element's place
 * counts against the capacity until the consumer passes it: at once when it is the head, otherwise on the
 * consumer's next poll, peek or drain that reaches it. So {@code offer} may refuse while {@code size()} is below
 * the capacity; the whole capacity is usable again once the consumer has passed the removed places.
 *
 * <p><b>Capacity</b> is the requested one rounded up to a power of two, so that {@code index & mask} finds
 * a slot (past {@code PAD_SLOTS} unused ones: see there); a capacity of 1 is kept as 1 (a one-slot ring that
 * alternates between full and empty).
 *
 * <p><b>Finding elements and room.</b> {@link #poll} takes the head slot's element if the slot is non-null and
 * clears it; {@link #drain} does that up to its limit. {@link #offer} writes the tail slot once it knows the slot
 * is null. To know that cheaply the producer keeps {@code producerLimit}, the first index whose slot it has not
 * yet seen free: on reaching it, it checks the slot {@code lookahead} ahead (a quarter of the ring, at most
 * 4096), and if that one is null so is every slot before it, because the consumer frees slots in order; only
 * if it is still full does the producer check its own slot. {@link #fill} first checks the lookahead slot too
 * when its batch is shorter than the lookahead, else (or if that slot is taken) the last slot its batch needs, so
 * one look usually covers the whole batch, and often the next few; it then writes the run of slots it knows free
 * without looking again, and looks as offer does only where that run ends short of the batch.
 *
 * <p><b>Indices, and when each operation takes effect.</b> An offer takes effect at its slot store and a poll
 * at its clearing of the slot: the slots alone are the queue. Each side still publishes its index after every
 * element, for {@link #size}, {@link #isEmpty} and the iterator (a store to a line the other side no longer
 * reads, so it stays in the writer's cache). The producer stores its slot, then its index; the consumer stores
 * its index, then clears its slot (the order the iterator needs, see {@code Walk.advance}). So the producer index
 * can be one behind the slots (between its slot store and its index store) and the consumer index one ahead of
 * them (between its index store and its clearing): {@code size()} and {@code isEmpty()} read the slots at those
 * two edges to correct for that, and are linearizable with the other operations.
 *
 * <p>Indices are {@code long}s that only grow: at 10<sup>9</sup> elements a second they wrap after 292
 * years, so comparisons never need to allow for wrapping.
 *
 * @param <E> the element type
 */
abstract class SpscRing<E> extends SpscPadAfterConsumer<E> implements ConcurrentQueue<E> {

    /**
     * What the consumer puts in a removed element's slot: non-null, so the producer still sees the slot as taken;
     * never handed out; freed by the consumer when it passes the slot.
     */
    private static final Object REMOVED = new Object();
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle TAKEN_COUNT;
    /** Every slot access but the constructor's: the slots are how the two sides hand elements and room over. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(SpscProducerFields.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(SpscConsumerFields.class, "consumerIndex", long.class);
            TAKEN_COUNT = lookup.findVarHandle(SpscConsumerFields.class, "takenCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Creates an empty ring. The mutable fields start at their defaults, which are safe even if the queue
     * reaches its threads through a data race: a {@code producerLimit} of 0 only makes the first offer look at
     * a slot, and the final {@code buffer}, {@code mask} and {@code lookahead} are frozen by the constructor.
     *
     * @param capacity the least number of elements the ring must hold: 1 .. {@link QueueSpec#MAX_CAPACITY}
     * @throws IllegalArgumentException if {@code capacity} is outside that range
     */
    SpscRing(int capacity) {
        super(ringSize(capacity));
    }

    /** @return {@code requested} rounded up to a power of two */
    static int ringSize(int requested) {
        return Rings.size(requested, 1);
    }

    @Override
    public int capacity() {
        return slots();
    }

    /**
     * The ring's capacity, for its own code: a subclass (the managed queue's front) answers {@link #capacity()} for
     * a queue that may be bigger, so nothing here calls a public method through {@code this}.
     */
    private int slots() {
        return mask + 1;
    }

    // ---- producer ----

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        long index = producerIndex; // plain: the producer is the only writer of its index
        if (index >= producerLimit && !hasRoom(index)) { // plain read of producerLimit: the producer's own field
            return false;
        }
        publish(index, e);
        return true;
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Batches.check(supplier, "supplier", limit);
        long start = producerIndex; // plain: the producer's own field
        long end = start + limit;
        if (limit > 0 && end > producerLimit) { // plain read of producerLimit: the producer's own field
            // Once per batch, when the room already seen falls short: the lookahead slot first, as offer does, when
            // it is further than the batch needs (one free slot there covers this batch and the next few, so that
            // successive fills do not each read a slot just behind the consumer, whose line it is still writing);
            // else, or if that slot is taken, the last slot the batch needs (a lap's worth for a batch larger than
            // the ring). Whatever they find, the loop looks again, as offer does, where the room found ends.
            long needed = Math.min(limit, slots()) - 1;
            if (needed >= lookahead || !isFreeUpTo(start, lookahead)) {
                isFreeUpTo(start, needed);
            }
        }
        // Locals: each release store in the loop would otherwise make the JIT load these fields again.
        Object[] slots = buffer;
        int slotMask = mask;
        long index = start;
        while (index < end) {
            // Plain reads of producerLimit, the producer's own field: once per run of slots known free, not once
            // per element.
            if (index >= producerLimit && !hasRoom(index)) {
                break;
            }
            long room = Math.min(end, producerLimit); // past index: it was, or hasRoom just moved it past
            do {
                E e = supplier.get(); // only called once its slot is known to be free
                if (e == null) {
                    throw new NullPointerException(
                            "null element from the supplier, after " + (index - start) + " in this fill");
                }
                publish(slots, slotMask, index, e); // each on its own: what a failing supplier follows stays queued
                index++;
            } while (index < room);
        }
        return (int) (index - start);
    }

    /**
     * Producer only, once {@code index} has reached {@code producerLimit}.
     *
     * @return whether the slot of {@code index} is free: the slot {@code lookahead} ahead first (if free, one
     *         check covers many offers), then this one (on rings under 4 slots the lookahead is 0 and a full
     *         ring has its one slot checked twice)
     */
    private boolean hasRoom(long index) {
        return isFreeUpTo(index, lookahead) || isFreeUpTo(index, 0);
    }

    /**
     * Producer only. {@code ahead} is under the capacity, so the slot of {@code index + ahead} last held an
     * element from before {@code index}, or nothing yet.
     *
     * @return whether that slot is free, and so every slot from {@code index} to it (the consumer frees slots in
     *         order); if so, {@code producerLimit} moves past it
     */
    private boolean isFreeUpTo(long index, long ahead) {
        // Acquire: pairs with the consumer's release store of null in take(): its reads of this slot's old
        // element and of every slot before it, and its index store before that null, happen-before our stores.
        if (SLOT.getAcquire(buffer, slot(index + ahead)) != null) {
            return false;
        }
        producerLimit = index + ahead + 1; // plain: only the producer reads it
        return true;
    }

    /** Producer only: puts {@code e} into the free slot of {@code index} and then announces it by the index. */
    private void publish(long index, E e) {
        publish(buffer, mask, index, e);
    }

    /** publish(index, e) with the ring's {@code buffer} and {@code mask} passed in, as a loop holds them. */
    private void publish(Object[] slots, int slotMask, long index, E e) {
        // Release: pairs with the consumer's acquire of the slot in poll/peek/drain (e's fields visible with e)
        // and with the iterator's. This store is the moment the offer takes effect.
        SLOT.setRelease(slots, slot(index, slotMask), e);
        // Release, after the slot: pairs with the acquires in size(), isEmpty() and the iterator, so an index read
        // there makes every element below it visible. The consumer never reads it.
        PRODUCER_INDEX.setRelease(this, index + 1);
    }

    // ---- consumer ----

    @Override
    public E poll() {
        if (removedAhead != 0) { // plain: the consumer's own field
            return pollPastRemoved();
        }
        long index = consumerIndex; // plain: the consumer is the only writer of its index
        int slot = slot(index);
        // Acquire: pairs with the producer's release store of the element in publish(): its fields are visible.
        @SuppressWarnings("unchecked")
        E e = (E) SLOT.getAcquire(buffer, slot);
        if (e != null) {
            take(index, slot);
        }
        return e;
    }

    @Override
    public E peek() {
        if (removedAhead != 0) { // plain: the consumer's own field
            passRemovedAtHead(); // then the head slot holds an element or nothing
        }
        // Acquire: pairs with the producer's release store in publish(), as in poll; plain read of our own index.
        @SuppressWarnings("unchecked")
        E e = (E) SLOT.getAcquire(buffer, slot(consumerIndex));
        return e;
    }

    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        Batches.check(consumer, "consumer", limit);
        if (removedAhead != 0) { // plain: the consumer's own field
            return ConcurrentQueue.super.drain(consumer, limit); // poll by poll, past the removed places
        }
        // Locals: each release store in the loop would otherwise make the JIT load these fields again.
        Object[] slots = buffer;
        int slotMask = mask;
        long index = consumerIndex; // plain: the consumer's own field
        int drained = 0;
        while (drained < limit) {
            int slot = slot(index, slotMask);
            // Acquire: pairs with the producer's release store in publish(), as in poll.
            @SuppressWarnings("unchecked")
            E e = (E) SLOT.getAcquire(slots, slot);
            if (e == null) {
                break;
            }
            take(slots, index++, slot); // each element on its own: if accept throws, the rest stays queued
            drained++; // before accept: an element handed over counts as delivered even if accept throws
            consumer.accept(e);
            // accept runs on the consumer thread and may poll or remove: plain re-reads of our own fields.
            if (removedAhead != 0) { // it removed something: go on poll by poll, past the removed places
                return drained + ConcurrentQueue.super.drain(consumer, limit - drained);
            }
            index = consumerIndex;
        }
        return drained;
    }

    /** Consumer only, while removed places are ahead: a poll that passes them and counts what it takes. */
    private E pollPastRemoved() {
        passRemovedAtHead();
        long index = consumerIndex; // plain: the consumer's own field
        int slot = slot(index);
        // Acquire: pairs with publish()'s release, as in poll. Never REMOVED: passRemovedAtHead freed those.
        @SuppressWarnings("unchecked")
        E e = (E) SLOT.getAcquire(buffer, slot);
        if (e != null) {
            if (removedAhead != 0) {
                // Release, before take()'s index store: while removed places are ahead, size() and isEmpty() count
                // what has left by this count, so the poll takes effect for them here (see size()).
                TAKEN_COUNT.setRelease(this, takenCount + 1);
            }
            take(index, slot);
        }
        return e;
    }

    /**
     * Consumer only: frees every removed place at the head, in order, as take() frees a polled slot. The taken
     * count does not change: those elements were counted when they were removed.
     */
    private void passRemovedAtHead() {
        long index = consumerIndex; // plain: the consumer's own field
        // Plain read of the slot suffices for REMOVED, which only this thread writes.
        while (removedAhead != 0 && SLOT.get(buffer, slot(index)) == REMOVED) {
            removedAhead--;
            take(index, slot(index));
            index++;
        }
    }

    /** Consumer only: frees the slot of {@code index}, whose element it has just read. */
    private void take(long index, int slot) {
        take(buffer, index, slot);
    }

    /** take(index, slot) with the ring's {@code buffer} passed in, as drain's loop holds it. */
    private void take(Object[] slots, long index, int slot) {
        // Release, before the clearing: pairs with the acquires in size(), isEmpty() and the iterator; and whoever
        // acquires the null below then sees this index too, which is what Walk.advance's check rests on.
        CONSUMER_INDEX.setRelease(this, index + 1);
        // Release: pairs with the producer's acquire in isFreeUpTo(): our read of the element happens-before its
        // overwrite. This store is the moment the poll takes effect.
        SLOT.setRelease(slots, slot, null);
    }

    /**
     * Polls until the queue is empty; consumer only. With a producer still offering, this returns once a
     * poll finds the queue empty, not necessarily with the queue empty.
     */
    @Override
    public void clear() {
        while (poll() != null) {
            // each poll frees one slot
        }
    }

    // ---- any thread ----

    /** The producer index: every element ever published. */
    public long addedCount() {
        return (long) PRODUCER_INDEX.getOpaque(this); // opaque: a count, no element is read on its strength
    }

    /**
     * Every element ever taken, by poll or by removal: the consumer index, or the taken count while removed
     * places are ahead of it (then the larger of the two), capped by the producer index. The cap is for the moment
     * between a producer's slot store and its index store: a consumer can take that element then, and its index
     * runs one past the producer's, so uncapped a caller that reads this count and then {@link #addedCount()} could
     * see more taken than added. All three only grow, so the capped count does too.
     */
    public long removedCount() {
        // Acquire, both: the producer index is read after them. Counts, no element is read on their strength.
        long taken = Math.max((long) CONSUMER_INDEX.getAcquire(this), (long) TAKEN_COUNT.getAcquire(this));
        // Opaque: a later addedCount() reads this index again, and per-variable coherence gives it no smaller value.
        return Math.min(taken, (long) PRODUCER_INDEX.getOpaque(this));
    }

    /**
     * From any thread; linearizable. Reads the consumer index, the producer index, the slots at the two edges
     * where an index may be one element off the slots (see {@link #sizeAt}), and both indices again until
     * neither moved: the slot reads then fall in a stretch of time in which each side changed at most its edge
     * slot, and {@code sizeAt} finds an instant in it whose size it knows. Exact when the queue is quiet. While
     * removed places wait ahead of the consumer, it counts the elements from the consumer index instead:
     * still linearizable, linear in the size for that while.
     */
    @Override
    public int size() {
        // Full fence: the caller's own last slot and index stores must be visible before this reads the other
        // side's. Release stores may wait in the store buffer past later loads (x86 does this), and then a
        // producer that has just offered and a consumer that has just polled can each read the other's old
        // state: the producer counts the polled element, the consumer misses the offered one, and no order of
        // the four calls gives both sizes. jcstress's SizeWithinBounds.SpscRing saw that in 6% of its samples.
        // The fence costs nothing on the offer and poll paths; size() is not one.
        VarHandle.fullFence();
        while (true) {
            // Acquire: pairs with the consumer's release stores of it; read first, so that a removal that takes
            // effect during this call (its first store is this count) is seen by the re-read below.
            long taken = (long) TAKEN_COUNT.getAcquire(this);
            // Acquire: pairs with the consumer's release in take(); keeps every read below after it.
            long consumed = (long) CONSUMER_INDEX.getAcquire(this);
            long size;
            if (taken > consumed) {
                // Removed places ahead of the consumer: count the elements from its index to the first empty slot.
                // With neither the consumer index nor the taken count moving during the walk (checked below), the
                // consumer freed and took nothing meanwhile, so every slot read held the same at the read of that
                // empty slot (the producer fills slots in order and only empty ones): the count is the size then.
                size = countFrom(consumed, Integer.MAX_VALUE);
                // Acquire, both: after the walk's slot reads.
                if ((long) CONSUMER_INDEX.getAcquire(this) == consumed
                        && (long) TAKEN_COUNT.getAcquire(this) == taken) {
                    return (int) size;
                }
                continue;
            }
            // Acquire: pairs with the producer's release in publish(); keeps the slot reads in sizeAt after it.
            long produced = (long) PRODUCER_INDEX.getAcquire(this);
            size = sizeAt(consumed, produced);
            // Acquire, all: read after sizeAt's slot reads; equal values mean no index moved and nothing was
            // removed meanwhile, so no removed place was ahead of the consumer during the reads.
            long producedAgain = (long) PRODUCER_INDEX.getAcquire(this);
            long consumedAgain = (long) CONSUMER_INDEX.getAcquire(this);
            long takenAgain = (long) TAKEN_COUNT.getAcquire(this);
            if (producedAgain == produced && consumedAgain == consumed && takenAgain == taken) {
                // The clamp only guards the int cast; sizeAt is always within [0, capacity].
                return (int) Math.max(0, Math.min(size, slots()));
            }
        }
    }

    /**
     * @return how many elements (not removed places) the slots from {@code index} to the first empty one hold,
     *         looking at most one lap ahead, and stopping once {@code enough} are found
     */
    private int countFrom(long index, int enough) {
        int count = 0;
        for (long at = index; at < index + slots() && count < enough; at++) {
            // Acquire: pairs with publish()'s release and the consumer's releases of REMOVED and null.
            Object e = SLOT.getAcquire(buffer, slot(at));
            if (e == null) {
                break;
            }
            if (e != REMOVED) {
                count++;
            }
        }
        return count;
    }

    /**
     * The size at one instant of a stretch in which the indices stood at {@code consumed} and {@code produced}.
     * Then the producer may have stored element {@code produced} (its index not yet past it), which counts, and
     * the consumer may not yet have cleared element {@code consumed - 1} (its index already past it), which
     * counts too; each of those two slots changes at most once in the stretch, in that one direction.
     */
    private long sizeAt(long consumed, long produced) {
        long between = produced - consumed;
        if (between >= slots()) {
            return slots(); // no room for an extra element at either edge
        }
        if (between < 0) {
            // -1: the consumer has taken element `produced`, which was stored, and counts while not yet cleared.
            return holds(produced) ? 1 : 0;
        }
        if (between == slots() - 1) {
            // The two edges are one slot a lap apart: it holds the consumer's last element (not cleared yet), the
            // producer's new one (stored after that clearing), or neither; whichever it holds counts once.
            return between + (holds(produced) ? 1 : 0);
        }
        // Two different slots. Read the consumer's edge, the producer's edge, the consumer's edge again.
        boolean lagging = holds(consumed - 1);
        boolean stored = holds(produced);
        boolean stillLagging = holds(consumed - 1);
        if (lagging != stillLagging) {
            // Cleared between the two reads: `between + 1` is the size at the first read if the producer's slot
            // was still empty at the second (it was then too), or at the third if it was full (it still is).
            return between + 1;
        }
        // The consumer's edge did not change from the first read to the third: the size at the second read.
        return between + (stored ? 1 : 0) + (stillLagging ? 1 : 0);
    }

    /** @return whether the slot of {@code index} holds an element (not nothing, not a removed place) */
    private boolean holds(long index) {
        // Acquire: pairs with publish()'s and take()'s release stores to the slot; keeps these reads in order
        // between the index reads around them.
        Object e = SLOT.getAcquire(buffer, slot(index));
        return e != null && e != REMOVED;
    }

    /**
     * From any thread; linearizable. {@code true} means the queue was empty at an instant during the call; from
     * the consumer thread the answer is exact.
     */
    @Override
    public boolean isEmpty() {
        // Full fence, as in size(): a producer or consumer must not read the other side's state past its own
        // last stores, or its answer and a size() on the other side could contradict every order of the calls.
        VarHandle.fullFence();
        while (true) {
            // Acquire: pairs with the consumer's release stores of it, as in size().
            long taken = (long) TAKEN_COUNT.getAcquire(this);
            // Acquire: pairs with the consumer's release in take(); keeps the slot reads below after it.
            long consumed = (long) CONSUMER_INDEX.getAcquire(this);
            if (taken > consumed) {
                // Removed places ahead: an element anywhere before the first empty slot, found with the consumer
                // index and the taken count unmoved (see size()).
                boolean found = countFrom(consumed, 1) > 0;
                // Acquire, both: after the walk's slot reads.
                if ((long) CONSUMER_INDEX.getAcquire(this) == consumed
                        && (long) TAKEN_COUNT.getAcquire(this) == taken) {
                    return !found;
                }
                continue;
            }
            // Any element found is queued at that instant (stored, not cleared). The consumer's last element is
            // checked first: its index may already be past it while its slot is not yet cleared.
            if (holds(consumed - 1) || holds(consumed)) {
                // Unless a removal took effect meanwhile (the taken count moved): then look again.
                if ((long) TAKEN_COUNT.getAcquire(this) == taken) {
                    return false;
                }
                continue;
            }
            // Acquire: read after both slots. Unmoved, the consumer had not begun to clear element `consumed`
            // (it moves its index first), so that slot, empty at the second read, was not filled yet, and the
            // first read saw element `consumed - 1` cleared: the queue was empty at the second read. An unmoved
            // taken count says no removal began meanwhile, so no removed place stood in for an element there.
            if ((long) CONSUMER_INDEX.getAcquire(this) == consumed && (long) TAKEN_COUNT.getAcquire(this) == taken) {
                return true;
            }
        }
    }

    /**
     * A weakly consistent iterator, usable from any thread: it walks from the consumer index to the producer
     * index as both were when it was created, skips what the consumer takes meanwhile, never yields null and
     * never throws {@link java.util.ConcurrentModificationException}. In queue order, it yields every element
     * whose offer had returned when the iterator was created and whose poll had not begun when it got there,
     * and none offered after its creation; it skips removed places. {@link Iterator#remove} is the consumer's
     * only, as every removal is.
     */
    @Override
    public Iterator<E> iterator() {
        return new Walk<>(this);
    }

    /** @return where in {@code buffer} the slot of {@code index} is: past the leading pad */
    private int slot(long index) {
        return slot(index, mask);
    }

    /** slot(index) with the ring's {@code mask} passed in, as the batch loops hold it. */
    private static int slot(long index, int mask) {
        return PAD_SLOTS + ((int) index & mask);
    }

    // ---- removal from anywhere: consumer only ----

    /**
     * Consumer only. Removes the first element equal to {@code o}, looking from the head to the first empty slot;
     * null is never an element, so {@code remove(null)} answers false.
     */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        long head = consumerIndex; // plain: the consumer's own field
        for (long at = head; at < head + slots(); at++) {
            // Acquire: pairs with publish()'s release (the element's fields are visible to equals).
            Object e = SLOT.getAcquire(buffer, slot(at));
            if (e == null) {
                return false; // the producer fills slots in order: nothing after this one yet
            }
            if (e != REMOVED && o.equals(e)) {
                removeAt(at);
                return true;
            }
        }
        return false;
    }

    /**
     * Consumer only. Removes every element from the head to the first empty slot (as it is when the walk gets
     * there) that {@code filter} accepts. If the filter throws, what it accepted before stays removed and the
     * rest stays queued.
     *
     * @throws NullPointerException if {@code filter} is null, before anything changes
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "null filter");
        return removeWhere(filter);
    }

    /**
     * removeIf's walk, which removeAll and retainAll share without a call through {@code this} (the managed queue's
     * front answers removeIf for the whole managed queue).
     */
    private boolean removeWhere(Predicate<? super E> filter) {
        boolean removed = false;
        long head = consumerIndex; // plain: the consumer's own field
        // A removal at the head frees the removed places behind it too, and the producer may refill their slots:
        // the walk goes on from the consumer index then.
        for (long at = head; at < head + slots(); at = Math.max(at + 1, consumerIndex)) {
            // Acquire: pairs with publish()'s release, as in remove(Object).
            Object e = SLOT.getAcquire(buffer, slot(at));
            if (e == null) {
                break;
            }
            @SuppressWarnings("unchecked")
            E element = (E) e;
            if (e != REMOVED && filter.test(element)) {
                removeAt(at);
                removed = true;
            }
        }
        return removed;
    }

    /**
     * Consumer only: removes every element that {@code c} contains.
     *
     * @throws NullPointerException if {@code c} is null, before anything changes
     */
    @Override
    public boolean removeAll(Collection<?> c) {
        return removeWhere(Removal.containedIn(c));
    }

    /**
     * Consumer only: removes every element that {@code c} does not contain.
     *
     * @throws NullPointerException if {@code c} is null, before anything changes
     */
    @Override
    public boolean retainAll(Collection<?> c) {
        return removeWhere(Removal.notContainedIn(c));
    }

    /**
     * Consumer only: removes the element of {@code at}, which holds it and is at or after the consumer index. The
     * removal takes effect at the taken count's store; the slot is freed when the consumer passes it, at once if
     * it is the head.
     */
    private void removeAt(long at) {
        // Plain reads of the consumer's own fields. Release: pairs with the acquires in size(), isEmpty() and
        // removedCount(); stored before REMOVED, so whoever sees the removed place also sees it counted as taken.
        TAKEN_COUNT.setRelease(this, (removedAhead == 0 ? consumerIndex : takenCount) + 1);
        removedAhead++;
        // Release: pairs with the iterator's and the walks' acquires of the slot. The producer reads this slot
        // only for null, which it still is not.
        SLOT.setRelease(buffer, slot(at), REMOVED);
        passRemovedAtHead();
    }

    /** Consumer only: Iterator.remove of {@code e}, returned from {@code at}, if it is still there. */
    private void removeReturned(long at, Object e) {
        // Plain reads of the consumer's own index; acquire of the slot as in remove(Object). Past the consumer
        // index, or holding something else, the element has already left: nothing to do.
        if (at >= consumerIndex && SLOT.getAcquire(buffer, slot(at)) == e) {
            removeAt(at);
        }
    }

    private static final class Walk<E> implements Iterator<E> {
        private final SpscRing<E> queue;
        /** The producer index at creation: elements from there on are not this iterator's. */
        private final long end;
        /** The next index to look at. */
        private long index;
        /** What next() returns; null when the iteration is over. */
        private E next;
        /** The index {@code next} was read from. */
        private long nextAt;
        /** What next() returned last, for remove(); null before next() and after remove(). */
        private E returned;
        /** The index {@code returned} was read from. */
        private long returnedAt;

        Walk(SpscRing<E> queue) {
            this.queue = queue;
            // Acquire, consumer index first (pairs with take()'s release): what it passed is not ours to yield.
            this.index = (long) CONSUMER_INDEX.getAcquire(queue);
            // Acquire (pairs with publish()'s release): every element below it is stored and visible to us. It may be
            // one below the consumer index (the consumer took an element whose offer had not returned): then
            // there is nothing to walk.
            this.end = (long) PRODUCER_INDEX.getAcquire(queue);
            advance();
        }

        private void advance() {
            while (index < end) {
                long at = index++;
                // Acquire: pairs with publish()'s release (element `at` is visible, stored before `end`) and
                // keeps the consumer index read below after this one. The slot may also hold null (cleared) or
                // a later lap's element.
                Object e = SLOT.getAcquire(queue.buffer, queue.slot(at));
                // Acquire: pairs with take()'s release. A later lap's element was stored only after the producer
                // acquired a null that the consumer stored after moving its index past `at` (take() stores the
                // index first, and the producer's slot checks look at or ahead of their own slot); our acquire of
                // that element carries this index to us, so we drop the slot. Below `at`, e is element `at`,
                // not yet cleared when read.
                long consumed = (long) CONSUMER_INDEX.getAcquire(queue);
                if (e != null && e != REMOVED && consumed <= at) {
                    @SuppressWarnings("unchecked")
                    E element = (E) e;
                    next = element;
                    nextAt = at;
                    return;
                }
                index = Math.max(index, consumed); // skip what the consumer has taken
            }
            next = null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public E next() {
            E e = next;
            if (e == null) {
                throw new NoSuchElementException();
            }
            returned = e;
            returnedAt = nextAt;
            advance();
            return e;
        }

        /**
         * Consumer only: removes the element next() returned last, unless it has left the queue since (then
         * nothing changes).
         *
         * @throws IllegalStateException if next() has not been called, or remove() has since
         */
        @Override
        public void remove() {
            if (returned == null) {
                throw new IllegalStateException("remove() needs a next() before it, once per element");
            }
            queue.removeReturned(returnedAt, returned);
            returned = null;
        }
    }
}
