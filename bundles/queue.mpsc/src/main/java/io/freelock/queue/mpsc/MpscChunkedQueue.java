package io.freelock.queue.mpsc;

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

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.internal.Batches;
import io.freelock.queue.internal.Pause;
import io.freelock.queue.internal.Removal;

/*
 * Field layout. Producers getAndAdd the producer index on every offer and read the producer chunk beside it; the
 * consumer writes its index, chunk and count on every poll. The two groups are kept apart, and off the object
 * header and the neighbours in memory, by the queues' one padding rule (io.freelock.queue.internal.Padding):
 * 128 bytes of byte fields in a chain of superclasses, which HotSpot lays out before their subclasses.
 */

/** Keeps the producers' fields off the object header and whatever precedes the queue in memory. */
abstract class MpscPadBeforeProducers<E> extends AbstractQueue<E> {
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
abstract class MpscProducerFields<E> extends MpscPadBeforeProducers<E> {
    /**
     * The next position a producer claims, raised by getAndAdd and never lowered; its sign bit is the close (see
     * {@link MpscChunkedQueue#closeProducers()}). Only reached through the VarHandle in {@link MpscChunkedQueue}.
     */
    long producerIndex;
    /** A recent chunk, where a producer looks first for the chunk of its position; only a hint, never behind the consumer by more than it can walk. */
    Chunk producerChunk;
    /** The producer index when the close took effect: the end of the claims that count; -1 until then. */
    long closedAt = -1;
    /** Claimed positions a fill left {@link Chunk#EMPTY} when its supplier failed, counted as removed at once. */
    long skipped;
}

/** Keeps producers' getAndAdds and the consumer's stores off each other's cache lines. */
abstract class MpscPadBetween<E> extends MpscProducerFields<E> {
    byte q000, q001, q002, q003, q004, q005, q006, q007, q008, q009, q010, q011, q012, q013, q014, q015;
    byte q016, q017, q018, q019, q020, q021, q022, q023, q024, q025, q026, q027, q028, q029, q030, q031;
    byte q032, q033, q034, q035, q036, q037, q038, q039, q040, q041, q042, q043, q044, q045, q046, q047;
    byte q048, q049, q050, q051, q052, q053, q054, q055, q056, q057, q058, q059, q060, q061, q062, q063;
    byte q064, q065, q066, q067, q068, q069, q070, q071, q072, q073, q074, q075, q076, q077, q078, q079;
    byte q080, q081, q082, q083, q084, q085, q086, q087, q088, q089, q090, q091, q092, q093, q094, q095;
    byte q096, q097, q098, q099, q100, q101, q102, q103, q104, q105, q106, q107, q108, q109, q110, q111;
    byte q112, q113, q114, q115, q116, q117, q118, q119, q120, q121, q122, q123, q124, q125, q126, q127;
}

/** The consumer's end: written by the consumer thread alone, read by any thread that walks or counts. */
abstract class MpscConsumerFields<E> extends MpscPadBetween<E> {
    /** The next position the consumer takes. */
    long consumerIndex;
    /** The chunk of {@link #consumerIndex}, or the chunk before it when the index sits at that chunk's end. */
    Chunk consumerChunk;
    /** Elements that have left: taken by poll or drain, or removed. */
    long taken;
}

/** Keeps the consumer's fields off whatever follows the queue in memory. */
abstract class MpscPadAfterConsumer<E> extends MpscConsumerFields<E> {
    byte r000, r001, r002, r003, r004, r005, r006, r007, r008, r009, r010, r011, r012, r013, r014, r015;
    byte r016, r017, r018, r019, r020, r021, r022, r023, r024, r025, r026, r027, r028, r029, r030, r031;
    byte r032, r033, r034, r035, r036, r037, r038, r039, r040, r041, r042, r043, r044, r045, r046, r047;
    byte r048, r049, r050, r051, r052, r053, r054, r055, r056, r057, r058, r059, r060, r061, r062, r063;
    byte r064, r065, r066, r067, r068, r069, r070, r071, r072, r073, r074, r075, r076, r077, r078, r079;
    byte r080, r081, r082, r083, r084, r085, r086, r087, r088, r089, r090, r091, r092, r093, r094, r095;
    byte r096, r097, r098, r099, r100, r101, r102, r103, r104, r105, r106, r107, r108, r109, r110, r111;
    byte r112, r113, r114, r115, r116, r117, r118, r119, r120, r121, r122, r123, r124, r125, r126, r127;
}

/**
 * An unbounded lock-free queue for any number of producer threads and one consumer thread. A producer claims a
 * position with one {@code getAndAdd} of the producer index (an x86 {@code LOCK XADD}, which never fails and never
 * retries, unlike a CAS), finds that position's slot in a chain of fixed {@link Chunk chunks} of 1024 slots, and
 * stores its element there with release. The consumer takes the slots in position order with plain reads of its
 * own index; it reads the producer index only when it finds a slot empty, to tell an empty queue from a producer
 * that has claimed a slot and not yet filled it. The chunk after the last is linked by whichever producer first
 * needs it, by one CAS; a producer never waits for another.
 *
 * <p>Threads:
 * <ul>
 * <li>any thread: {@code offer}, {@code add}, {@code addAll}, {@code fill}, {@code size}, {@code isEmpty},
 * {@code iterator} (for walking), {@code contains}, {@code toArray}, {@code toString}, {@code capacity},
 * {@code closeProducers}, {@code producersClosed}, {@code addedCount}, {@code removedCount};</li>
 * <li>the consumer thread only: {@code poll}, {@code relaxedPoll}, {@code remove()}, {@code peek},
 * {@code element}, {@code drain}, {@code relaxedDrain}, {@code clear}, and removal: {@code remove(Object)},
 * {@code removeIf}, {@code removeAll}, {@code retainAll} and {@code iterator().remove()}.</li>
 * </ul>
 * Removal is a consumer's operation because the consumer alone takes elements: it marks a removed element's slot
 * {@link Chunk#EMPTY} and steps over the mark later, so a removed element is never returned, and producers, which
 * only ever write the slot they claimed, never race with it. A second consumer thread corrupts the queue silently;
 * nothing checks. The queue must be published safely to every thread (a final or volatile field, a concurrent
 * collection, {@code Thread.start} and the like).
 *
 * <p><b>Waiting.</b> Between a producer's claim and its store the slot is empty while the position counts as
 * taken in. A consumer that reaches that slot cannot answer "empty" (a later producer may have returned already,
 * and its element must come out after this one), so {@code poll}, {@code peek} and {@code drain} re-read at once
 * for up to {@value io.freelock.queue.internal.Pause#SPINS} rounds, then yield the processor between looks, until
 * the producer has stored (see {@link io.freelock.queue.internal.Pause}). The window is a few instructions; a
 * producer preempted inside it holds up the consumer, as a claimed slot of any array queue does. A {@code fill}
 * claims up to {@value #FILL_BATCH} positions at once and stores each as its supplier gives it, so keep suppliers
 * short. {@code relaxedPoll} and {@code relaxedDrain} never wait: at an empty slot they end the call, without telling
 * an empty queue from a claim not yet filled, and so without reading the producer index, which every claim writes.
 *
 * <p><b>Counts.</b> The queue is a {@link CountingQueue}: the added count is the producer index (claims, so an
 * element counts from its claim), the removed count is what the consumer keeps anyway, plus places a failed fill
 * left empty. {@link #size()} is their difference, in constant time, exact while nobody offers or takes;
 * {@link #isEmpty()} is linearizable. The iterator is weakly consistent: it walks from the consumer's position to
 * the claims made when it began, yields every element present for the whole walk, never yields null and never
 * throws {@link java.util.ConcurrentModificationException}.
 *
 * <p><b>Closing.</b> {@link #closeProducers()} sets the sign bit of the producer index, by the same atomic step
 * producers claim with, so every claim is before it (a position, which is then filled and delivered) or after it
 * (a negative answer: the offer returns {@code false}, the fill adds nothing and calls no supplier). The close then
 * records where the claims before it end, so that the positions that refused claims went on counting are never
 * waited for. Until that record is written (the next instruction of the closing thread) a consumer that finds the
 * queue empty and the bit set waits for it as for a producer's store.
 *
 * <p>A consumed chunk is linked to itself, so that a dead chunk in the old generation keeps no younger chunk alive
 * (GC nepotism); a walker or producer that meets the self-link goes on from the consumer's chunk.
 *
 * @param <E> the element type
 */
public final class MpscChunkedQueue<E> extends MpscPadAfterConsumer<E> implements ClosableQueue<E>, CountingQueue<E> {

    /** Most positions one {@code fill} claims with one getAndAdd. */
    static final int FILL_BATCH = 64;
    /** The producer index's sign bit: set once, by the close. */
    private static final long CLOSED = Long.MIN_VALUE;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle CLOSED_AT;
    private static final VarHandle SKIPPED;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle CONSUMER_CHUNK;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(MpscProducerFields.class, "producerIndex", long.class);
            PRODUCER_CHUNK = lookup.findVarHandle(MpscProducerFields.class, "producerChunk", Chunk.class);
            CLOSED_AT = lookup.findVarHandle(MpscProducerFields.class, "closedAt", long.class);
            SKIPPED = lookup.findVarHandle(MpscProducerFields.class, "skipped", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(MpscConsumerFields.class, "consumerIndex", long.class);
            CONSUMER_CHUNK = lookup.findVarHandle(MpscConsumerFields.class, "consumerChunk", Chunk.class);
            TAKEN = lookup.findVarHandle(MpscConsumerFields.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Creates an empty queue. */
    public MpscChunkedQueue() {
        Chunk first = new Chunk(0);
        // Plain writes in the constructor: the queue reaches other threads only by safe publication.
        producerChunk = first;
        consumerChunk = first;
    }

    @Override
    public int capacity() {
        return UNBOUNDED_CAPACITY;
    }

    // ---- producers ----

    /**
     * {@inheritDoc} Any thread.
     *
     * @return {@code true}, unless the queue is closed to producers
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e, "null element");
        // Volatile getAndAdd: the claim, ordered with every other claim and with the close; never fails.
        long position = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        if (position < 0) {
            return false; // the close's bit was set first: nothing claimed that anyone waits for
        }
        // Release store: publishes the element to the consumer's acquire of the slot.
        chunkFor(position).setSlotRelease(position, e);
        return true;
    }

    /**
     * {@inheritDoc} Any thread. Each batch of up to {@value #FILL_BATCH} elements is claimed with one getAndAdd and
     * its elements are stored as the supplier gives them, each visible to the consumer at once. If the supplier
     * throws or gives null, the elements it gave are queued, the rest of the batch's positions are left empty (the
     * consumer steps over them) and the exception propagates. Racing a close, a fill returns whole batches: a batch
     * claimed before the close is completed, and may call the supplier after {@code closeProducers()} has returned.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        Batches.check(supplier, "supplier", limit);
        int filled = 0;
        while (filled < limit) {
            int batch = Math.min(limit - filled, FILL_BATCH);
            // Volatile getAndAdd, as in offer: one claim for the whole batch.
            long position = (long) PRODUCER_INDEX.getAndAdd(this, (long) batch);
            if (position < 0) {
                return filled; // closed: this batch claimed nothing, and the supplier is not called
            }
            long end = position + batch;
            Chunk chunk = chunkFor(position);
            while (position < end) {
                if (!chunk.holdsOrPasses(position)) {
                    chunk = findChunk(chunk, position);
                }
                // The part of the batch that lies in this chunk, stored as one counted loop from a fixed slot, so that
                // the compiler can check the array bounds once before the run instead of at every store.
                Object[] slots = chunk.slots();
                int first = (int) position & Chunk.MASK;
                int run = (int) Math.min(end - position, Chunk.SIZE - first);
                int i = 0;
                try {
                    for (; i < run; i++) {
                        E e = Objects.requireNonNull(supplier.get(), "null element from supplier");
                        // Release store, as in offer.
                        Chunk.setRelease(slots, first + i, e);
                    }
                } finally {
                    if (i < run) {
                        skip(chunk, position + i, end);
                    }
                }
                position += run;
                filled += run;
            }
        }
        return filled;
    }

    /**
     * Leaves the claimed positions {@code from .. end - 1}, which a failed supplier will not fill, marked empty, so
     * the consumer steps over them instead of waiting, and counts them as removed.
     */
    private void skip(Chunk chunk, long from, long end) {
        Chunk c = chunk;
        for (long position = from; position < end; position++) {
            if (!c.holdsOrPasses(position)) {
                c = findChunk(c, position);
            }
            // Release store, as an element's: the consumer acquires the slot, finds the mark and steps over it.
            c.setSlotRelease(position, Chunk.EMPTY);
        }
        // Volatile getAndAdd, rare: after the marks, so the counts never say empty while a mark is still missing.
        SKIPPED.getAndAdd(this, end - from);
    }

    /** @return the chunk of a claimed position: the producers' hint on the hot path */
    private Chunk chunkFor(long position) {
        // Opaque read of a hint: a chunk's base and slots are final, so any chunk read is whole; which chunk it is
        // only decides where the look starts.
        Chunk hint = (Chunk) PRODUCER_CHUNK.getOpaque(this);
        return hint.base == (position & ~(long) Chunk.MASK) ? hint : findChunk(hint, position);
    }

    /**
     * Walks from {@code from} to the chunk of {@code position}, linking new chunks where the chain ends. A claimed
     * position is never behind the consumer's chunk, since the consumer cannot pass a position before its slot is
     * filled; so where {@code from} is past the position (a producer preempted after its claim), or the walk meets a
     * chunk the consumer has left, it goes on from the consumer's chunk.
     */
    private Chunk findChunk(Chunk from, long position) {
        Chunk c = from.base > position ? consumerChunkAcquire() : from;
        for (;;) {
            if (c.holdsOrPasses(position)) {
                return c; // c.base <= position here, so position lies in c
            }
            Chunk next = c.nextAcquire();
            if (next == null) {
                Chunk fresh = new Chunk(c.base + Chunk.SIZE);
                if (c.casNext(fresh)) {
                    // Opaque store of the hint: it may briefly go back when two producers link chunks at once,
                    // which costs a later producer one step of this walk, nothing more.
                    PRODUCER_CHUNK.setOpaque(this, fresh);
                    next = fresh;
                } else {
                    next = c.nextAcquire(); // another producer linked first: use its chunk
                }
            }
            c = next == c ? consumerChunkAcquire() : next;
        }
    }

    // ---- the consumer ----

    /** Consumer thread only. Waits, as the class documentation says, for a claimed slot not yet filled. */
    @Override
    public E poll() {
        return first(true, true);
    }

    /**
     * {@inheritDoc} Consumer thread only. Where the head slot is claimed and not yet filled it answers {@code null}
     * without reading the producer index, which producers write at every claim.
     */
    @Override
    public E relaxedPoll() {
        return first(true, false);
    }

    /** Consumer thread only; waits as {@link #poll()} does. */
    @Override
    public E peek() {
        return first(false, true);
    }

    /**
     * The first element, taken or left in place; steps over empty marks and into the next chunk on the way.
     *
     * @param strict whether an empty slot is looked into (empty queue, or a claim to wait for) or ends the call
     */
    @SuppressWarnings("unchecked")
    private E first(boolean take, boolean strict) {
        // Plain reads: the consumer thread owns these fields.
        Chunk chunk = consumerChunk;
        long position = consumerIndex;
        for (int round = 0;; ) {
            if (!chunk.holdsOrPasses(position)) {
                Chunk next = chunk.nextAcquire();
                if (next == null) {
                    if (!strict || !claimed(position)) {
                        return null;
                    }
                    round = Pause.next(round);
                    continue;
                }
                chunk = enter(chunk, next);
                continue;
            }
            // Acquire: pairs with the producer's release store, so the element is whole.
            Object value = chunk.slotAcquire(position);
            if (value == null) {
                if (!strict || !claimed(position)) {
                    return null;
                }
                round = Pause.next(round);
                continue;
            }
            if (value != Chunk.EMPTY && !take) {
                return (E) value;
            }
            chunk.setSlotOpaque(position, null);
            position++;
            // Release store: a walker that reads the index with acquire sees the slot cleared behind it.
            CONSUMER_INDEX.setRelease(this, position);
            if (value != Chunk.EMPTY) {
                // Release store of the count, by its only writer; readers acquire it (see removedCount).
                TAKEN.setRelease(this, taken + 1);
                return (E) value;
            }
        }
    }

    /**
     * {@inheritDoc} Consumer thread only. Takes up to {@code limit} elements in one pass; it waits for a claimed slot
     * (as {@code poll}) only while it has taken nothing, and otherwise returns what it has. The consumer it calls runs
     * on the consumer thread and may itself poll, drain or remove from this queue: the pass goes on from wherever
     * that left the queue.
     */
    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit, true);
    }

    /**
     * {@inheritDoc} Consumer thread only. As {@link #drain}, but it never waits: where the head slot is claimed and
     * not yet filled it ends the call, with 0, without reading the producer index.
     */
    @Override
    public int relaxedDrain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit, false);
    }

    /** {@link #drain} ({@code strict}) or {@link #relaxedDrain}: see {@link #first(boolean, boolean)}. */
    @SuppressWarnings("unchecked")
    private int drain(Consumer<? super E> consumer, int limit, boolean strict) {
        Batches.check(consumer, "consumer", limit);
        int drained = 0;
        for (int round = 0; drained < limit; ) {
            // Plain reads: the consumer thread owns these fields. Read again after each run: the consumer called
            // below may have polled, drained or removed from this queue itself (see the run's loop).
            Chunk chunk = consumerChunk;
            long position = consumerIndex;
            if (!chunk.holdsOrPasses(position)) {
                Chunk next = chunk.nextAcquire();
                if (next == null) {
                    if (drained > 0 || !strict || !claimed(position)) {
                        break;
                    }
                    round = Pause.next(round);
                    continue;
                }
                enter(chunk, next);
                continue;
            }
            // The part of the batch that lies in this chunk, taken as one counted loop from a fixed slot, as fill
            // stores it: the compiler checks the array bounds once per run, and keeps the array in a register.
            // Measured alone (20 million elements, no producer running): 3.8 ns an element slot by slot, 2.4 so.
            Object[] slots = chunk.slots();
            int first = (int) position & Chunk.MASK;
            int run = Math.min(limit - drained, Chunk.SIZE - first);
            // The consumer may take from this queue itself (it runs on the consumer thread). Every slot it takes or
            // passes is null from then on, and it takes in order from the position after the one it was handed: so
            // if it took anything, the run's next slot reads null and the run ends there, with the consumer index
            // moved past it (checked below, off the per-element path). A slot it removed reads EMPTY and is passed.
            int i = 0;
            for (; i < run; i++) {
                // Acquire, as in first.
                Object value = Chunk.getAcquire(slots, first + i);
                if (value == null) {
                    break;
                }
                Chunk.setOpaque(slots, first + i, null);
                // Release stores, as in first, before the consumer runs: what it is handed counts as delivered.
                CONSUMER_INDEX.setRelease(this, position + i + 1);
                if (value != Chunk.EMPTY) {
                    TAKEN.setRelease(this, taken + 1);
                    drained++;
                    consumer.accept((E) value);
                }
            }
            // plain read of our own index: moved past position + i only by a consumer that took from the queue
            if (i == run || consumerIndex != position + i) {
                continue; // the chunk's part of the batch is done, or go on from where the consumer left the queue
            }
            // The slot of position + i is empty: the end of the queue, or a claim not filled yet.
            if (drained > 0 || !strict || !claimed(position + i)) {
                break;
            }
            round = Pause.next(round);
        }
        return drained;
    }

    /** The consumer moves into {@code next}, the chunk after {@code left}: publishes it, then self-links the old one. */
    private Chunk enter(Chunk left, Chunk next) {
        // Release store: a walker or producer that meets the self-link below and re-reads this finds a later chunk.
        CONSUMER_CHUNK.setRelease(this, next);
        left.selfLink();
        return next;
    }

    /**
     * @return whether some producer has claimed {@code position}, so that its slot will be filled (with an element
     *         or an empty mark); the consumer then waits instead of answering empty
     */
    private boolean claimed(long position) {
        // Volatile read, after the acquire that found the slot empty: the claims as they are now.
        long claims = (long) PRODUCER_INDEX.getVolatile(this);
        if (claims >= 0) {
            return claims > position;
        }
        // Closed. Volatile read of where the claims before the close end; -1 while the closer has yet to write it,
        // and then the consumer waits for it as for a producer's store.
        long end = (long) CLOSED_AT.getVolatile(this);
        return end < 0 || end > position;
    }

    // ---- removal, by the consumer ----

    /**
     * {@inheritDoc} Consumer thread only: marks the first equal element's slot empty, so it is never returned.
     * Linearizable with the consumer's own poll (it is the same thread) and with producers, which never write a
     * slot they did not claim: it looks at every position claimed when it starts, waiting as {@code poll} does for a
     * claimed slot not yet filled.
     */
    @Override
    public boolean remove(Object o) {
        return o != null && removeWhere(o::equals, true);
    }

    /**
     * {@inheritDoc} Consumer thread only, as {@link #remove(Object)}.
     *
     * @throws NullPointerException if {@code filter} is null
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "null filter");
        return removeWhere(filter, false);
    }

    /** {@inheritDoc} Consumer thread only, as {@link #remove(Object)}. */
    @Override
    public boolean removeAll(Collection<?> c) {
        return removeWhere(Removal.containedIn(c), false);
    }

    /** {@inheritDoc} Consumer thread only, as {@link #remove(Object)}. */
    @Override
    public boolean retainAll(Collection<?> c) {
        return removeWhere(Removal.notContainedIn(c), false);
    }

    /**
     * Walks from the consumer's position to the claims made before the walk, and removes each element that
     * {@code filter} accepts (the first only, if {@code firstOnly}). It waits, as {@code poll} does, for a claimed
     * slot not yet filled: the claim counts as an element already (for {@code isEmpty}, say), so its element must be
     * matched too.
     */
    @SuppressWarnings("unchecked")
    private boolean removeWhere(Predicate<? super E> filter, boolean firstOnly) {
        long end = claims();
        Chunk chunk = consumerChunk;
        boolean removed = false;
        for (long position = consumerIndex; position < end; position++) {
            if (!chunk.holdsOrPasses(position)) {
                // Acquire, as in first. Never a self-link: only this thread links one, behind its own chunk. Null
                // until the producer that claimed here links the chunk.
                Chunk next;
                for (int round = 0; (next = chunk.nextAcquire()) == null; round = Pause.next(round)) {
                    // wait for the link
                }
                chunk = next;
            }
            // Acquire, as in first; null until the producer that claimed the position fills it.
            Object value;
            for (int round = 0; (value = chunk.slotAcquire(position)) == null; round = Pause.next(round)) {
                // wait for the element or the empty mark
            }
            if (value != Chunk.EMPTY && filter.test((E) value)) {
                markRemoved(chunk, position);
                removed = true;
                if (firstOnly) {
                    break;
                }
            }
        }
        return removed;
    }

    /** Marks a slot that holds an element at or after the consumer's position removed, and counts it as taken. */
    private void markRemoved(Chunk chunk, long position) {
        // Opaque store: no producer writes this slot again; walkers that still read the element saw it a moment
        // before it left, which a weakly consistent walk allows.
        chunk.setSlotOpaque(position, Chunk.EMPTY);
        // Release store of the count, as in first.
        TAKEN.setRelease(this, taken + 1);
    }

    // ---- counts, any thread ----

    /** {@inheritDoc} The claims so far: an element counts from its claim, a moment before its offer returns. */
    @Override
    public long addedCount() {
        return claims();
    }

    /** {@inheritDoc} Elements taken or removed, and claimed places a failed fill left empty. */
    @Override
    public long removedCount() {
        // Acquire reads of two counts that only grow, so their sum only grows from one call to the next.
        return (long) TAKEN.getAcquire(this) + (long) SKIPPED.getAcquire(this);
    }

    /**
     * @return the positions claimed before now, or before the close: the producer index without the close's bit
     *         and without the refused claims after it
     */
    private long claims() {
        // Volatile read: the claims as they are now.
        long claims = (long) PRODUCER_INDEX.getVolatile(this);
        if (claims >= 0) {
            return claims;
        }
        for (int round = 0;; round = Pause.next(round)) {
            // Volatile read; -1 only in the instant between the close's getAndBitwiseOr and its record.
            long end = (long) CLOSED_AT.getVolatile(this);
            if (end >= 0) {
                return end;
            }
        }
    }

    /**
     * {@inheritDoc} Constant time: the added count less the removed count, which includes claims not yet filled;
     * capped at {@link Integer#MAX_VALUE}.
     */
    @Override
    public int size() {
        long removed = removedCount();
        long size = claims() - removed; // read after the removed count, so never below it
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, size));
    }

    /**
     * {@inheritDoc} Linearizable: true at the moment the removed count was read, or false at the moment the claims
     * were read. A claim not yet filled counts as an element, since the consumer would wait for it. After a close,
     * true is final.
     */
    @Override
    public boolean isEmpty() {
        for (;;) {
            long removed = removedCount();
            if (claims() == removed) {
                return true; // the claims were never fewer than the removed count, so they were equal when it was read
            }
            if (removedCount() == removed) {
                return false; // the removed count did not move across the read of the claims: more claims then
            }
        }
    }

    // ---- closing ----

    /** {@inheritDoc} Any thread; see the class documentation. */
    @Override
    public void closeProducers() {
        // Volatile getAndBitwiseOr on the index producers claim from: every claim is ordered before or after it.
        long before = (long) PRODUCER_INDEX.getAndBitwiseOr(this, CLOSED);
        if (before >= 0) {
            // Volatile store of where the claims before the close end, by the one call that set the bit.
            CLOSED_AT.setVolatile(this, before);
        }
    }

    @Override
    public boolean producersClosed() {
        // Volatile read, as in claims.
        return (long) PRODUCER_INDEX.getVolatile(this) < 0;
    }

    // ---- walking, any thread ----

    /**
     * {@inheritDoc} Weakly consistent, from any thread; its {@code remove()} is for the consumer thread only, and
     * removes the element last returned if it is still queued.
     */
    @Override
    public Iterator<E> iterator() {
        return new Walk();
    }

    /** @return the consumer's chunk, read with acquire: pairs with the release store in {@link #enter}. */
    private Chunk consumerChunkAcquire() {
        return (Chunk) CONSUMER_CHUNK.getAcquire(this);
    }

    /** A walk over the slots from the consumer's position to the claims made when it began. */
    private final class Walk implements Iterator<E> {

        private final long end = claims();
        private Chunk chunk;
        private long position;
        /** The element {@link #next()} yields, read when the walk reached it; null at the end. */
        private Object element;
        private Chunk elementChunk;
        private long elementPosition;
        /** Where the element last yielded sat, for {@link #remove()}; null if there is none to remove. */
        private Chunk lastChunk;
        private long lastPosition;
        private Object lastElement;

        Walk() {
            fromConsumer();
            advance();
        }

        /** Goes on from the consumer's position, or from where the walk stands if that is further. */
        private void fromConsumer() {
            // Acquire reads, index first: the chunk read after it is never behind the one of an index read before
            // it by more than the walk steps forward through.
            long consumed = (long) CONSUMER_INDEX.getAcquire(MpscChunkedQueue.this);
            Chunk c = consumerChunkAcquire();
            chunk = c;
            position = Math.max(position, Math.max(consumed, c.base));
        }

        private void advance() {
            while (position < end) {
                if (!chunk.holdsOrPasses(position)) {
                    // Acquire, as in first.
                    Chunk next = chunk.nextAcquire();
                    if (next == null) {
                        break; // not linked yet: nothing present when the walk began lies beyond
                    }
                    if (next == chunk) {
                        fromConsumer(); // the consumer left this chunk: go on from where it is
                    } else {
                        chunk = next;
                    }
                    continue;
                }
                // Acquire, as in first. Null: a claim not yet filled, or an element taken since; either way absent.
                Object value = chunk.slotAcquire(position);
                position++;
                if (value != null && value != Chunk.EMPTY) {
                    element = value;
                    elementChunk = chunk;
                    elementPosition = position - 1;
                    return;
                }
            }
            element = null;
        }

        @Override
        public boolean hasNext() {
            return element != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E next() {
            Object yielded = element;
            if (yielded == null) {
                throw new NoSuchElementException();
            }
            lastChunk = elementChunk;
            lastPosition = elementPosition;
            lastElement = yielded;
            advance();
            return (E) yielded;
        }

        /** Consumer thread only: removes the element last returned, unless it has left the queue already. */
        @Override
        public void remove() {
            if (lastChunk == null) {
                throw new IllegalStateException("next() has not returned an element since the last remove()");
            }
            // Acquire, as in first; the same element object still there (not taken, not removed) is removed now.
            if (lastPosition >= consumerIndex && lastChunk.slotAcquire(lastPosition) == lastElement) {
                markRemoved(lastChunk, lastPosition);
            }
            lastChunk = null;
            lastElement = null;
        }
    }
}
