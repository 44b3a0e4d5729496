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

/*
 * Field layout. HotSpot places a superclass's fields before its subclass's, so a chain of small classes
 * fixes the order: pad, cold fields, pad, producer fields, pad, consumer fields, pad. Each pad is 128
 * bytes of byte fields: two 64-byte lines, because Intel's adjacent-line prefetcher pulls lines in pairs,
 * and bytes because they leave no alignment hole a later field could be slotted into.
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
    /** The ring's slots; written once by the constructor, its elements by the producer and (to null) the consumer. */
    final Object[] buffer;
    /** capacity - 1: maps an index to its slot; written once by the constructor. */
    final int mask;

    SpscColdFields(int capacity) {
        buffer = new Object[capacity];
        mask = capacity - 1;
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
    /** Next index the producer writes; written by the producer only (setRelease), read by anyone (getAcquire). */
    long producerIndex;
    /** First index the producer may not write yet: last consumer index it saw + capacity; producer only, plain. */
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
    /** Next index the consumer reads; written by the consumer only (setRelease), read by anyone (getAcquire). */
    long consumerIndex;
    /** Last producer index the consumer saw; consumer only, plain. */
    long cachedProducerIndex;

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
 * lock: each index has a single writer, so a release store publishes it and an acquire load reads it.
 *
 * <p><b>Threads.</b> At any one time, one thread is the producer and one the consumer (handing a role to
 * another thread needs a happens-before edge between the two, as a {@code Thread.start} or a lock gives).
 * <ul>
 * <li>producer only: {@link #offer}, {@link #add}, {@link #addAll}, {@link #fill};</li>
 * <li>consumer only: {@link #poll}, {@link #remove()}, {@link #peek}, {@link #element}, {@link #drain},
 * {@link #clear};</li>
 * <li>any thread: {@link #size}, {@link #isEmpty}, {@link #capacity}, {@link #iterator} and what
 * {@code AbstractCollection} builds on it ({@code toArray}, {@code contains}, {@code toString}).</li>
 * </ul>
 * Removing an element other than the head ({@link #remove(Object)}, {@link Iterator#remove},
 * {@code removeIf}, {@code removeAll}, {@code retainAll}) throws {@link UnsupportedOperationException}: only
 * the consumer may free a slot, only at the head, or the producer could overwrite a live element.
 *
 * <p><b>Capacity</b> is the requested one rounded up to a power of two, so that {@code index & mask} finds
 * a slot; a capacity of 1 is kept as 1 (a one-slot ring that alternates between full and empty).
 *
 * <p><b>Cached indices.</b> The producer keeps {@code producerLimit} (consumer index + capacity, as last
 * seen) and reads the consumer's index only when it reaches that limit; the consumer keeps
 * {@code cachedProducerIndex} and reads the producer's index only when it catches up with it. While the
 * queue is neither nearly full nor nearly empty, neither side touches the other's cache line. A batch call
 * ({@link #fill}, {@link #drain}) refreshes its cache at most once, when the cache does not cover the
 * limit, and publishes the whole batch with one release store.
 *
 * <p><b>Iterator.</b> It reads slots while both sides run, so it re-reads the consumer index after each
 * slot to reject a slot the consumer has passed. That conclusion needs the producer's slot store to be a
 * release (see {@code Itr.advance}); on x86 a release store is an ordinary store, and it is what the
 * JMM, not only the hardware, promises.
 *
 * <p>Indices are {@code long}s that only grow: at 10<sup>9</sup> elements a second they wrap after 292
 * years, so comparisons never need to allow for wrapping.
 *
 * @param <E> the element type
 */
public final class SpscRingQueue<E> extends SpscPadAfterConsumer<E> implements ConcurrentQueue<E> {

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    /** Slot accesses that must be ordered: the producer's release stores and the iterator's acquire loads. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(SpscProducerFields.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(SpscConsumerFields.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Creates an empty ring. The mutable fields start at their defaults, which are safe even if the queue
     * reaches its threads through a data race: a {@code producerLimit} of 0 only makes the first offer read
     * the consumer index, and the final {@code buffer} and {@code mask} are frozen by the constructor.
     *
     * @param capacity the least number of elements the ring must hold: 1 .. {@link QueueSpec#MAX_CAPACITY}
     * @throws IllegalArgumentException if {@code capacity} is outside that range
     */
    public SpscRingQueue(int capacity) {
        super(ringSize(capacity));
    }

    /** @return {@code requested} rounded up to a power of two */
    static int ringSize(int requested) {
        if (requested < 1 || requested > QueueSpec.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "capacity " + requested + " is outside 1.." + QueueSpec.MAX_CAPACITY);
        }
        return requested == 1 ? 1 : Integer.highestOneBit(requested - 1) << 1;
    }

    @Override
    public int capacity() {
        return mask + 1;
    }

    // ---- producer ----

    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        // Plain: the producer is the only writer of both, so it reads back its own last values.
        long index = producerIndex;
        if (index >= producerLimit) {
            // Acquire pairs with the consumer's setRelease in poll/drain: the consumer's nulling of every
            // slot below the index it released happens-before our overwrite of one of them.
            long limit = (long) CONSUMER_INDEX.getAcquire(this) + capacity();
            if (index >= limit) {
                return false;
            }
            producerLimit = limit; // plain: only the producer reads it
        }
        // Release, for the iterator: it chains our acquire of the consumer index to the iterator's acquire
        // of this slot (see Itr.advance). The consumer needs only the index release below. The slot is
        // ours: the consumer freed it (acquire above, now or at an earlier refresh) before we reached it.
        SLOT.setRelease(buffer, slot(index), e);
        // Release: the element store above becomes visible no later than the index that announces it.
        PRODUCER_INDEX.setRelease(this, index + 1);
        return true;
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Objects.requireNonNull(supplier, "supplier");
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is negative");
        }
        if (limit == 0) {
            return 0;
        }
        long start = producerIndex; // plain: the producer's own field
        long room = producerLimit - start; // plain: the producer's own field
        if (room < limit) {
            // Acquire, as in offer: slots the consumer has released are free to overwrite. Read at most
            // once per batch, and only when the cached limit would cut the batch short.
            producerLimit = (long) CONSUMER_INDEX.getAcquire(this) + capacity();
            room = producerLimit - start;
        }
        long end = start + Math.min(room, limit);
        long index = start;
        try {
            while (index < end) {
                E e = supplier.get(); // only called once a free slot is certain
                if (e == null) {
                    throw new NullPointerException(
                            "null element from the supplier, after " + (index - start) + " in this fill");
                }
                SLOT.setRelease(buffer, slot(index), e); // release for the iterator, as in offer
                index++;
            }
        } finally {
            if (index != start) {
                // One release for the batch: every element store above becomes visible with it. Runs also
                // when the supplier fails, so that what it supplied before stays queued.
                PRODUCER_INDEX.setRelease(this, index);
            }
        }
        return (int) (end - start);
    }

    // ---- consumer ----

    @Override
    public E poll() {
        // Plain: the consumer is the only writer of both.
        long index = consumerIndex;
        if (index >= cachedProducerIndex && !refreshProducerIndex(index)) {
            return null;
        }
        int slot = slot(index);
        // Plain read: the acquire that saw producerIndex > index (now or at an earlier refresh) makes the
        // producer's store visible, and the producer does not touch this slot again until we release it.
        @SuppressWarnings("unchecked")
        E e = (E) buffer[slot];
        // Plain: the producer cannot write this slot before our release below, which also orders this store
        // before its overwrite; nulling lets the element be collected.
        buffer[slot] = null;
        // Release: the read and the nulling above complete before the producer can see the slot as free.
        CONSUMER_INDEX.setRelease(this, index + 1);
        return e;
    }

    @Override
    public E peek() {
        long index = consumerIndex; // plain: the consumer's own field
        if (index >= cachedProducerIndex && !refreshProducerIndex(index)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        E e = (E) buffer[slot(index)]; // plain, published as in poll
        return e;
    }

    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        Objects.requireNonNull(consumer, "consumer");
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is negative");
        }
        long start = consumerIndex; // plain: the consumer's own field
        long available = cachedProducerIndex - start; // plain: the consumer's own field
        if (available < limit) {
            // Acquire, as in poll: every element below the index read is visible. Read at most once per
            // batch, and only when the cached index would cut the batch short.
            cachedProducerIndex = (long) PRODUCER_INDEX.getAcquire(this);
            available = cachedProducerIndex - start;
        }
        long end = start + Math.min(available, limit);
        long index = start;
        try {
            while (index < end) {
                int slot = slot(index);
                @SuppressWarnings("unchecked")
                E e = (E) buffer[slot]; // plain, published by the acquire above as in poll
                buffer[slot] = null; // plain: the slot is ours until the release below
                index++; // before accept: an element handed over counts as delivered even if accept throws
                consumer.accept(e);
            }
        } finally {
            if (index != start) {
                // One release frees the batch: all the reads and nullings above complete before the
                // producer may reuse any of these slots. Runs also when the consumer throws.
                CONSUMER_INDEX.setRelease(this, index);
            }
        }
        return (int) (end - start);
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

    /** @return whether an element is at {@code index}, updating the consumer's cached producer index */
    private boolean refreshProducerIndex(long index) {
        // Acquire pairs with the producer's setRelease: element stores below the index read are visible.
        long produced = (long) PRODUCER_INDEX.getAcquire(this);
        if (index >= produced) {
            return false;
        }
        cachedProducerIndex = produced; // plain: only the consumer reads it
        return true;
    }

    // ---- any thread ----

    /**
     * From any thread. Reads the consumer index, the producer index and the consumer index again until
     * both consumer reads agree: then the producer index was read while the consumer index had that
     * value, so the difference is the size the queue had at that instant, which makes size() linearizable
     * with the other operations. Exact when the queue is quiet.
     */
    @Override
    public int size() {
        // Full fence: the producer's or consumer's own last index store must be visible before this reads the
        // other index. Release stores may wait in the store buffer past later loads (x86 does this), and then a
        // producer that has just offered and a consumer that has just polled can each read the other's old
        // index: the producer counts the polled element, the consumer misses the offered one, and no order of
        // the four calls gives both sizes. jcstress's SizeWithinBounds.SpscRing saw that in 6% of its samples.
        // The fence costs nothing on the offer and poll paths; size() is not one.
        VarHandle.fullFence();
        // Acquire throughout: keeps the three loads in program order (a plain load could be hoisted or
        // reused), and makes the reads valid from a thread that is neither producer nor consumer.
        long after = (long) CONSUMER_INDEX.getAcquire(this);
        while (true) {
            long before = after;
            long produced = (long) PRODUCER_INDEX.getAcquire(this);
            after = (long) CONSUMER_INDEX.getAcquire(this);
            if (before == after) {
                // The clamp only guards the int cast; a consistent pair is always within [0, capacity].
                return (int) Math.max(0, Math.min(produced - after, capacity()));
            }
        }
    }

    /**
     * From any thread. The consumer index is read before the producer index, so the answer was true at
     * some instant during the call: {@code true} means the producer had published no more than the
     * consumer had taken when its index was read; from the consumer thread the answer is exact.
     */
    @Override
    public boolean isEmpty() {
        // Acquire: the second load must not move before the first, nor either be served from a stale read.
        long consumed = (long) CONSUMER_INDEX.getAcquire(this);
        long produced = (long) PRODUCER_INDEX.getAcquire(this);
        return produced <= consumed;
    }

    /**
     * A weakly consistent iterator, usable from any thread: it walks from the consumer index to the
     * producer index as both were when it was created, skips what the consumer takes meanwhile, never
     * yields null and never throws {@link java.util.ConcurrentModificationException}. It sees every element
     * present for the whole iteration, in queue order, and none added after its creation.
     * {@link Iterator#remove} is not supported.
     */
    @Override
    public Iterator<E> iterator() {
        return new Itr<>(this);
    }

    private int slot(long index) {
        return (int) index & mask;
    }

    // ---- removal other than at the head: not for a ring with a single-writer consumer index ----

    /** @throws UnsupportedOperationException always: only the consumer frees slots, and only at the head */
    @Override
    public boolean remove(Object o) {
        throw onlyTheHead();
    }

    /** @throws UnsupportedOperationException always: only the consumer frees slots, and only at the head */
    @Override
    public boolean removeAll(Collection<?> c) {
        throw onlyTheHead();
    }

    /** @throws UnsupportedOperationException always: only the consumer frees slots, and only at the head */
    @Override
    public boolean retainAll(Collection<?> c) {
        throw onlyTheHead();
    }

    /** @throws UnsupportedOperationException always: only the consumer frees slots, and only at the head */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        throw onlyTheHead();
    }

    static UnsupportedOperationException onlyTheHead() {
        return new UnsupportedOperationException("an SPSC ring removes only at the head, by its consumer"
                + " (poll, drain): a hole in the middle would be a slot the producer cannot tell is free");
    }

    private static final class Itr<E> implements Iterator<E> {
        private final SpscRingQueue<E> queue;
        /** The producer index at creation: elements from there on are not this iterator's. */
        private final long end;
        /** The next index to look at. */
        private long index;
        /** What next() returns; null when the iteration is over. */
        private E next;

        Itr(SpscRingQueue<E> queue) {
            this.queue = queue;
            // Acquire, consumer index first: the producer index read after it is at least as large, and
            // every element below it was stored before, so each slot in [index, end) was filled.
            this.index = (long) CONSUMER_INDEX.getAcquire(queue);
            this.end = (long) PRODUCER_INDEX.getAcquire(queue);
            advance();
        }

        private void advance() {
            while (index < end) {
                long at = index++;
                // Acquire, so the consumer index below is read after the slot. The element for index `at`
                // was published to us (producer index acquired above `at`); the slot may also hold null or a
                // later lap's element if the consumer has since passed `at`.
                Object e = SLOT.getAcquire(queue.buffer, queue.slot(at));
                // Acquire: if the consumer had not passed `at` when we read this, the slot still held element
                // `at`. A later lap's element is stored (release) only after the producer's acquire saw the
                // consumer pass `at`; had we read that element, our acquire of it would make the consumer's
                // release of `at` visible here, and we would drop the slot.
                long consumed = (long) CONSUMER_INDEX.getAcquire(queue);
                if (e != null && consumed <= at) {
                    @SuppressWarnings("unchecked")
                    E element = (E) e;
                    next = element;
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
            advance();
            return e;
        }

        /** @throws UnsupportedOperationException always: only the consumer frees slots, and only at the head */
        @Override
        public void remove() {
            throw onlyTheHead();
        }
    }
}
