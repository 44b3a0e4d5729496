package io.freelock.queue.vyukov;

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
import io.freelock.queue.internal.Pause;
import io.freelock.queue.internal.Removal;
import io.freelock.queue.internal.Rings;

// The two indices are the only fields written by many threads. HotSpot lays out a superclass's fields before
// its subclass's, so this chain of small classes fixes the order pad, producer index, pad, consumer index, pad,
// which the JVM would be free to reshuffle if all the fields were declared in one class. Each pad follows the
// queues' one rule (io.freelock.queue.internal.Padding): 128 bytes of byte fields.

/** Keeps the producer index off the cache line of whatever the heap placed just before the queue. */
abstract class VyukovPadBeforeProducer<E> extends AbstractQueue<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

/** Holds the producer index on a line of its own. */
abstract class VyukovProducerIndex<E> extends VyukovPadBeforeProducer<E> {
    /**
     * The next position a producer claims, only ever raised by a producer's CAS; and the closed bit, set once
     * by {@code closeProducers()} (see {@code VyukovRing.CLOSED}), which every reader of a position masks out.
     */
    long producerIndex;
}

/** Keeps producers' CASes and consumers' CASes from invalidating each other's cache line. */
abstract class VyukovPadBetween<E> extends VyukovProducerIndex<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

/** Holds the consumer index on a line of its own. */
abstract class VyukovConsumerIndex<E> extends VyukovPadBetween<E> {
    /** The next position a consumer claims; only ever raised, by a consumer's CAS. */
    long consumerIndex;
}

/** Keeps the read-only fields every operation reads off the consumer index's line. */
abstract class VyukovPadAfterConsumer<E> extends VyukovConsumerIndex<E> {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
}

/**
 * A bounded multi-producer multi-consumer queue on a ring, after Dmitry Vyukov's bounded MPMC queue.
 *
 * <p>Positions 0, 1, 2, ... are handed out in order to producers and, later, to consumers; position
 * {@code p} lives in slot {@code p & (capacity - 1)}. Each slot carries a sequence number that is the slot's
 * state: {@code p} means "free for the producer of position {@code p}", {@code p + 1} means "holds the
 * element of position {@code p}". A producer claims position {@code p} by a CAS on the producer index, but
 * only after seeing the slot free for {@code p}; it then stores its element and publishes {@code p + 1}. A
 * consumer claims position {@code p} by a CAS on the consumer index after seeing {@code p + 1}, takes the
 * element and sets {@code p + capacity}: free for the same slot's next lap. Because each CAS is attempted
 * only on a slot already known to be in the right state, a lost CAS always means that another thread's
 * operation went through, so lost CASes never livelock, even with two producers and two consumers on a ring
 * of two.
 *
 * <p><b>Waiting.</b> Between a producer's claim and its publish a slot is neither free nor full, and so is a
 * slot between a consumer's claim and its release. A call that meets such a slot tells the cases apart by the
 * other side's index, as JCTools' {@code MpmcArrayQueue} does: {@link #poll()} and {@link #peek()} return
 * {@code null} only if no producer has claimed the head position (the queue is empty), and otherwise wait until
 * that producer publishes; {@link #offer} returns {@code false} only if no consumer has claimed the position a lap
 * behind its own (the ring is full), and otherwise waits until that consumer releases the slot. So a {@code null}
 * or a {@code false} means the queue was empty or full at one instant of the call, and every call is linearizable
 * as the {@link java.util.Queue} operation it is (the Lincheck tests in {@code stress-tests/} check this). The
 * price is that a thread preempted between its claim and its publish or release holds up the others that reach its
 * slot until it is scheduled again. That window is a few instructions in {@code offer} and {@code poll}, but in
 * {@link #fill} it lasts until the supplier has supplied that slot's element, and in {@link #drain} until the
 * consumer has been handed the elements before it in the range the drain claimed. A wait re-reads at once for
 * {@value io.freelock.queue.internal.Pause#SPINS} rounds (without {@link Thread#onSpinWait()}, whose pause
 * instruction outlasts the window on current x86 cores), then yields the processor between looks, so that on a
 * machine with more busy threads than cores the preempted thread gets one to finish on. Nothing blocks on a lock,
 * and a queue with no thread inside such a window never waits. {@link #relaxedOffer} and {@link #relaxedPoll()}
 * never wait: they refuse or answer {@code null} as soon as the slot is not ready, without reading the other side's
 * index. {@link #relaxedFill} and {@link #relaxedDrain} stop in the same way where they go one position at a time,
 * and wait only for the slots of a range they have claimed, as every batch does (below).
 *
 * <p><b>Batches.</b> {@link #fill} and {@link #drain} claim a whole range of positions with one CAS when they
 * can: when the sequence of the range's last slot says it is free (fill) or published (drain), every position
 * before it is claimed already by the other side (positions are claimed in order), so the range can be taken at
 * once and each slot in it waited for as above. Otherwise they go one position at a time. Once claimed, a
 * position cannot be handed back (another thread may already have claimed past it), so what a batch claims it
 * also completes: see the two methods for what that means when the supplier or the consumer throws.
 *
 * <p><b>Holes.</b> {@link #fill} claims slots before it asks the supplier for their elements, so it never asks
 * for an element it has no room for (the supplier runs while its slot is claimed, so consumers that reach
 * that slot spin until the supplier returns: keep suppliers short). If the supplier then returns {@code null}
 * or throws, that slot and every other slot the fill has claimed but not filled are published anyway, empty:
 * <em>holes</em>, so that consumers are not stuck behind slots nobody will ever publish. A fill claims more
 * than one slot only with a limit above 1, and then at most its limit and the capacity. {@code poll},
 * {@code drain}, {@code peek} and the iterator skip
 * holes ({@code poll} and {@code peek} consume a hole they meet at the head and look at the next position).
 * The elements the fill added before stay queued and the queue stays usable; {@code fill} then throws the
 * {@link NullPointerException} or rethrows the supplier's exception. Until a consumer passes it, a hole
 * counts in {@link #size()} and makes {@link #isEmpty()} false: a queue holding holes does not behave as a
 * linearizable {@link java.util.Queue}. A removal never takes a hole.
 *
 * <p><b>Removal.</b> {@link #remove(Object)}, {@link #removeIf}, {@link #removeAll}, {@link #retainAll} and the
 * iterator's {@code remove()} may be called from any thread. A ring cannot close a gap, so a removal marks the
 * element's slot instead: one CAS turns the slot's sequence from "holds position {@code p}" into a <em>removed
 * mark</em> ({@code ~(p + 1)}, below 0, a value no lap's sequence takes). Consumers pass a marked slot as they
 * pass a hole: the consumer whose CAS claims the position frees the slot for its next lap. A consumer claims a
 * position by its CAS on the consumer index, so a removal and a consumer racing for one element meet in a
 * handshake: a removal first announces itself (a volatile add to a count of removals under way), then reads the
 * consumer index and never marks a position below it; a consumer reads that count after its claim and, while a
 * removal is under way, takes the element by a CAS on the same sequence the removal marks, so exactly one of the
 * two wins it. With no removal under way a consumer pays one read of a field only removals write, and no extra
 * CAS. So a removed element is never returned by a consumer, of two removals of one element one answers
 * {@code true}, and nothing else is lost; {@code remove(Object)} is linearizable with {@code offer}, {@code poll},
 * {@code peek} and {@code isEmpty} (it waits for a claimed position's publish as {@code poll} does), while the
 * bulk removals and the iterator's are weakly consistent, as the iterator is. What stays visible of a removal:
 * <ul>
 * <li>the slot stays taken until a consumer passes it: until then it counts against the capacity, so an
 * {@code offer} can find the ring full with fewer than {@link #capacity()} elements queued, and the removed
 * element stays referenced from the slot; once consumers have passed it the whole capacity is usable again;</li>
 * <li>{@link #size()} leaves removed elements out: exact while no removal is under way, and while one races a
 * consumer over a slot it may be off by one for that moment (it is always within {@code [0, capacity()]});</li>
 * <li>{@link #isEmpty()}, {@code peek}, the iterator, {@code contains} and {@code toArray} look past removed
 * elements ({@code peek}, like {@code poll}, passes those it meets at the head);</li>
 * <li>{@link #removedCount()} counts a removed element when a consumer passes its slot, as it counts a hole, so it
 * only grows and is exact when the queue is idle; until then {@code addedCount() - removedCount()} exceeds
 * {@code size()} by the removed elements still in their slots.</li>
 * </ul>
 *
 * <p>{@link #size()} reads the two indices at one instant (it retries while the consumer index moves), so it
 * is exact when the queue is quiescent and, holes and removals under way aside, linearizable with the other
 * operations; it is always within {@code [0, capacity()]}. The iterator is weakly consistent: it walks the
 * positions between the consumer and producer indices as they were when it was made, yields only elements still
 * in their slot when it reaches them, never yields {@code null} and never throws
 * {@link java.util.ConcurrentModificationException}. {@link #clear()} polls until the queue is empty.
 *
 * <p><b>Closing.</b> {@link #closeProducers()} sets a closed bit (bit 62, far above any position a ring reaches)
 * in the producer index by CAS, so it is ordered with every producer's claim, which is a CAS on the same index:
 * a claim whose CAS came first holds its position (or range) and completes it, supplier and all; every later
 * claim finds the bit in the index it read or in its CAS's witness and refuses, {@code offer} returning
 * {@code false} and {@code fill} returning what it had added, before asking the supplier for anything more. The
 * bit costs the hot paths nothing: a producer that finds it has read an index no slot's sequence can match, so
 * it is already on the slow path of a full ring, where it is told apart; a consumer masks it out of the only
 * producer-index read it makes, when the head is unpublished. Every other reader of the index masks it out too,
 * so the positions claimed before the close, published or not, still count in {@link #size()} and keep
 * {@link #isEmpty()} false until a consumer has passed them; once it is true after the close, nothing will ever
 * be taken again. Consumers are not affected.
 *
 * <p>This class is the ring's algorithm. {@link VyukovQueue} is the ring as a queue of its own, closable and counting
 * its traffic; {@link VyukovFrontQueue} is the ring as the face of a managed queue until its first swap. Nothing in
 * the ring calls one of its own public methods through {@code this}, since the front answers those for the whole
 * managed queue.
 *
 * @param <E> the element type
 */
abstract class VyukovRing<E> extends VyukovPadAfterConsumer<E> implements ConcurrentQueue<E> {

    /**
     * The closed bit of the producer index. Positions stay below it (at 10^9 claims a second, for over a
     * century), so a position never carries it, and an index that does is at least this far ahead of every
     * slot's sequence.
     */
    private static final long CLOSED = 1L << 62;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle REMOVERS;
    private static final VarHandle REMOVED_AHEAD;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(VyukovProducerIndex.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(VyukovConsumerIndex.class, "consumerIndex", long.class);
            REMOVERS = lookup.findVarHandle(VyukovRing.class, "removers", int.class);
            REMOVED_AHEAD = lookup.findVarHandle(VyukovRing.class, "removedAhead", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The slot count minus one: {@code (int) position & mask} is the position's slot. */
    private final int mask;
    /**
     * Per slot: {@code p} when free for position {@code p}, {@code p + 1} when holding position {@code p},
     * {@link #removedMark removedMark(p)} when position {@code p}'s element was removed in place.
     */
    private final long[] sequences;
    /** Per slot: the element, or {@code null} when the slot is free or holds a hole. */
    private final E[] elements;
    /**
     * How many removing calls are inside their removal window (see "Removal" above); read by every consumer after
     * its claim, written only by removers, so it shares the read-mostly line of the fields above.
     */
    private int removers;
    /**
     * Elements removed in place whose slots no consumer has passed yet: {@link #size()} leaves them out. Raised by
     * a remover after its mark, lowered by the consumer that passes the slot; it can be off for a moment while the
     * two race (then it may even be -1), and is exact when no removal is under way.
     */
    private int removedAhead;

    /**
     * @param requestedCapacity the fewest elements the queue must hold; rounded up to a power of two, and to at
     *        least 2
     * @throws IllegalArgumentException if {@code requestedCapacity} is outside 1..{@link QueueSpec#MAX_CAPACITY}
     */
    @SuppressWarnings("unchecked")
    VyukovRing(int requestedCapacity) {
        int capacity = ringCapacity(requestedCapacity);
        mask = capacity - 1;
        sequences = new long[capacity];
        for (int slot = 0; slot < capacity; slot++) {
            sequences[slot] = slot; // plain: the final field publishes the array's contents with the queue
        }
        elements = (E[]) new Object[capacity];
    }

    /**
     * @return the ring size for a requested capacity: the next power of two, at least 2
     * @throws IllegalArgumentException if {@code requested} is outside 1..{@link QueueSpec#MAX_CAPACITY}
     */
    static int ringCapacity(int requested) {
        // A single slot cannot work: "holds position p" (p + 1) and "free for position p + 1" (p + 1) would be
        // the same sequence value, so a producer would overwrite an element no consumer has taken yet.
        return Rings.size(requested, 2);
    }

    @Override
    public int capacity() {
        return slots();
    }

    /**
     * @return the ring's slot count: what the ring's own code uses where it needs its capacity, since a front
     *         (VyukovFrontQueue) answers {@link #capacity()} for the whole managed queue it stands for; nothing here
     *         calls a public method through {@code this}
     */
    private int slots() {
        return mask + 1;
    }

    // ---- producer side ----

    /**
     * {@inheritDoc}
     *
     * @return {@code false} if the ring is full or the queue closed to producers; a slot whose consumer is
     *         still taking its element out is waited for, not reported full
     * @throws NullPointerException if {@code e} is null
     */
    @Override
    public boolean offer(E e) {
        return enqueue(e, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Refuses as soon as the slot of the next position is not free, without telling a full ring from a slot whose
     * consumer has claimed its element and is still releasing it (which {@link #offer} waits for).
     *
     * @throws NullPointerException if {@code e} is null
     */
    @Override
    public boolean relaxedOffer(E e) {
        return enqueue(e, false);
    }

    /** {@link #offer} ({@code strict}) or {@link #relaxedOffer}: see {@link #claimForProducer(boolean)}. */
    private boolean enqueue(E e, boolean strict) {
        Objects.requireNonNull(e, "null element");
        long position = claimForProducer(strict);
        if (position < 0) {
            return false;
        }
        publish(position, e);
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Claims a range of up to {@code min(limit, capacity())} positions with one CAS while the last slot of the
     * range is free, and fills it in order, each slot once the previous lap's consumer has released it; then
     * goes one position at a time, as {@link #offer} does, until the ring is full or the limit reached. If the
     * supplier returns {@code null} or throws, the slot it was asked for and the rest of the range claimed for
     * it are published as holes (see the class documentation); the elements supplied before stay queued. Once
     * the queue is closed it claims nothing more and returns what it added; a range it claimed before the close
     * it still fills, as those positions are in the queue already.
     */
    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        return fill(supplier, limit, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #fill}, but one position at a time it stops at the first slot not free yet, where {@code fill}
     * reads the consumer index and waits if a consumer has claimed that slot's previous lap. Following a consumer
     * slot by slot through a range it is still releasing pulls each cache line back and forth between the two cores
     * at every element; a caller that comes back later finds the range released and claims it whole.
     */
    @Override
    public int relaxedFill(Supplier<? extends E> supplier, int limit) {
        return fill(supplier, limit, false);
    }

    /** {@link #fill} ({@code strict}) or {@link #relaxedFill}: see {@link #claimForProducer(boolean)}. */
    private int fill(Supplier<? extends E> supplier, int limit, boolean strict) {
        Batches.check(supplier, "supplier", limit);
        int added = 0;
        while (added < limit) {
            int count = Math.min(limit - added, slots());
            long first = count > 1 ? claimRange(true, count) : -1;
            if (first < 0) {
                break; // the range's last slot is not free yet: one position at a time for the rest
            }
            added = fillRange(supplier, first, count, added);
        }
        for (; added < limit; added++) {
            long position = claimForProducer(strict);
            if (position < 0) {
                return added;
            }
            fillRange(supplier, position, 1, added);
        }
        return limit;
    }

    /**
     * @return how many of {@code left} positions from the slot {@code fromSlot} on lie before the ring wraps to slot 0:
     *         the run fillRange and drainRange walk with the slot as their loop counter plus a constant
     */
    private int runFrom(int fromSlot, int left) {
        return Math.min(left, mask + 1 - fromSlot);
    }

    /**
     * Fills the claimed positions {@code first .. first + count - 1}, in order, each from the supplier once its slot
     * is free; on a failure of the supplier, publishes the rest of them as holes and rethrows.
     *
     * @param added how many elements this fill has added before these, for the message of a null's exception
     * @return {@code added + count}
     */
    private int fillRange(Supplier<? extends E> supplier, long first, int count, int added) {
        long end = first + count;
        long[] sequences = this.sequences; // locals: see publish(long[], Object[], int, long, Object)
        E[] elements = this.elements;
        // Slot by slot, in runs that stop where the ring wraps to slot 0: inside a run the slot is the loop's int
        // counter plus a constant, so C2 can check the array bounds once before the run instead of at every access,
        // as it must for a masked index (issue 14: batches of 64 went from 0.69x to 1.03x JCTools' MpmcArrayQueue,
        // whose accesses are unchecked; JCTools' bounds-checked MpmcAtomicArrayQueue ran at our old speed).
        for (int done = 0; done < count; ) {
            long from = first + done;
            int fromSlot = (int) from & mask;
            int run = runFrom(fromSlot, count - done);
            for (int i = 0; i < run; i++) {
                int slot = fromSlot + i;
                long position = from + i;
                awaitFree(sequences, slot, position);
                E e;
                try {
                    e = supplier.get();
                } catch (Throwable failure) {
                    publishHoles(position, end);
                    throw failure;
                }
                if (e == null) {
                    publishHoles(position, end);
                    throw new NullPointerException("supplier returned null after "
                            + (added + done + i) + " elements, which stay queued");
                }
                publish(sequences, elements, slot, position, e);
            }
            done += run;
        }
        return added + count;
    }

    /**
     * Claims {@code count} consecutive positions with one CAS on one side's index, if the last of them is ready
     * for that side: free for a producer, published for a consumer. Each side claims positions in order, so every
     * position before the last is then claimed by the other side already (a lap earlier, for a producer's range),
     * and its slot is ready or about to be: the caller waits for each in turn.
     *
     * @param producer whether to claim for a producer ({@link #fill}) or for a consumer ({@link #drain})
     * @return the first position now owned, or -1 if the last one is not ready (the ring has less room or fewer
     *         elements, or the other side is still releasing or publishing that slot) or, for a producer, if the
     *         queue is closed; a -1 sends the caller one position at a time, which tells the two apart
     */
    private long claimRange(boolean producer, int count) {
        long ready = producer ? 0 : 1; // the last position's sequence when ready: p (free) or p + 1 (published)
        long first = guessIndex(producer);
        for (;;) {
            long last = first + count - 1;
            // acquire: pairs with the other side's release of the last slot (a consumer's freeing of it, a
            // producer's publish), so that side's accesses to it happen before ours
            long sequence = (long) SEQUENCE.getAcquire(sequences, (int) last & mask);
            long ahead = sequence - (last + ready);
            // a consumer's range may end in a removed element: published too, and passed when the drain gets there
            if (ahead == 0 || !producer && sequence == removedMark(last)) {
                // volatile CAS: one owner per position, for the whole range at once, and for a producer ordered
                // with the close, a CAS on the same index; the witness saves a re-read
                long witness = producer
                        ? (long) PRODUCER_INDEX.compareAndExchange(this, first, first + count)
                        : (long) CONSUMER_INDEX.compareAndExchange(this, first, first + count);
                if (witness == first) {
                    return first;
                }
                first = witness;
            } else if (ahead < 0) {
                // Also where a closed producer index lands, read as the guess or as the CAS's witness: with the
                // closed bit, last is 2^62 past the slot's sequence. Nothing is claimed, and fill's one-at-a-time
                // path refuses on the bit.
                return -1;
            } else {
                first = guessIndex(producer); // a thread of our side has claimed the last position: we were stale
            }
        }
    }

    /** @return one side's index, as a starting guess for a claim; the producer index with its closed bit, if set */
    private long guessIndex(boolean producer) {
        // opaque: only a guess; the slot's sequence and the CAS that follow catch a stale value
        return producer ? (long) PRODUCER_INDEX.getOpaque(this) : (long) CONSUMER_INDEX.getOpaque(this);
    }

    /**
     * Waits until the slot of an owned {@code position} is free: its previous lap's consumer has released it.
     * {@code sequences} is the field, as in {@link #publish(long[], Object[], int, long, Object)}.
     */
    private static void awaitFree(long[] sequences, int slot, long position) {
        // acquire: pairs with that consumer's releasing store, so its taking and clearing of the old element happen
        // before our store of the new one; a claimed range may reach it before that consumer is done
        for (int round = 0; (long) SEQUENCE.getAcquire(sequences, slot) != position; ) {
            // that consumer has claimed the position and releases it within a few instructions
            round = Pause.next(round);
        }
    }

    /** Publishes the owned positions {@code from .. end - 1} as holes, each once its slot is free. */
    private void publishHoles(long from, long end) {
        for (long position = from; position < end; position++) {
            awaitFree(sequences, (int) position & mask, position);
            publishHole(position);
        }
    }

    /**
     * @param strict whether a slot still being released by a consumer is waited for, so that -1 means a full ring
     *        ({@link #offer}), or refused without reading the consumer index ({@link #relaxedOffer})
     * @return the position this producer now owns, or -1 if its slot is not free yet (the ring is full) or the
     *         queue is closed
     */
    private long claimForProducer(boolean strict) {
        // opaque: only a starting guess; the slot's sequence and the CAS below catch a stale value, and a closed
        // bit read here is final (it is never cleared)
        long position = (long) PRODUCER_INDEX.getOpaque(this);
        // the consumer index as last read in this call; a position a lap behind below it is claimed by a consumer,
        // so waiting for its release needs no re-read (the index only grows)
        long consumed = Long.MIN_VALUE;
        for (int round = 0;; ) {
            int slot = (int) position & mask;
            // acquire: pairs with the releasing store of the consumer that freed the slot, so its taking and
            // clearing of the old element happen before our store of the new one
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            long ahead = sequence - position;
            if (ahead == 0) {
                // volatile CAS: producers agree on one owner per position, and the close is one more CAS on the
                // same index, so each claim is before it or fails; the witness saves a re-read on loss
                long witness = (long) PRODUCER_INDEX.compareAndExchange(this, position, position + 1);
                if (witness == position) {
                    return position;
                }
                position = witness; // a witness with the closed bit lands below, in ahead < 0
            } else if (ahead < 0 && !isPast(sequence, position)) {
                if ((position & CLOSED) != 0 || !strict) {
                    // A closed index, from the guess, a witness or a re-read: it is 2^62 ahead of any sequence,
                    // so it always lands here, off the fast path. Refuse before reading the consumer index; a
                    // relaxed offer refuses here too, full ring or not.
                    return -1;
                }
                // The slot still belongs to the previous lap, position - capacity. Full only if no consumer has
                // claimed that position yet; a consumer that has is between its claim and its release of the slot,
                // and refusing then would report a full ring that is not full (its element is already taken).
                long lapBehind = position - (mask + 1);
                // acquire: read after the sequence, so a consumer index at or below position - capacity means the
                // ring held capacity claimed positions at this instant, which is when a false takes effect
                if (consumed <= lapBehind && (consumed = (long) CONSUMER_INDEX.getAcquire(this)) <= lapBehind) {
                    return -1;
                }
                // that consumer is inside poll and releases the slot within a few instructions
                round = Pause.next(round);
            } else {
                // opaque: another producer claimed this position (its element may even be removed already: a mark
                // below 0), and the acquire above makes its CAS visible; a closed bit read here is handled on the
                // next turn, in ahead < 0
                position = (long) PRODUCER_INDEX.getOpaque(this);
            }
        }
    }

    /** Hands an owned position with its element to the consumers. */
    private void publish(long position, E e) {
        publish(sequences, elements, (int) position & mask, position, e);
    }

    /**
     * Hands an owned position, whose slot is {@code slot}, with its element to the consumers. The arrays are the
     * fields, passed in from a loop's locals: C2 cannot keep a field in a register across the acquiring reads of a
     * loop, and checks an array's bounds once per loop only for an array it knows stays the same.
     */
    private static <E> void publish(long[] sequences, E[] elements, int slot, long position, E e) {
        // release, for the iterator only: consumers need just the sequence release below, but an iterator that
        // reads this element racily must then see the sequence that retired the slot's previous lap (this
        // store follows our acquire of it), or it could take a next-lap element for the one it validated
        ELEMENT.setRelease(elements, slot, e);
        // release: pairs with the consumers' acquiring reads of this sequence, publishing the element with it
        SEQUENCE.setRelease(sequences, slot, position + 1);
    }

    /** Hands an owned position over empty, as a hole, so that consumers are not stuck behind it. */
    private void publishHole(long position) {
        // release: pairs with the consumers' acquiring reads; the slot still holds the null its last consumer
        // left there (ordered before by the acquire in the claim), and that null is what marks the hole
        SEQUENCE.setRelease(sequences, (int) position & mask, position + 1);
    }

    // ---- consumer side ----

    @Override
    public E poll() {
        return take(true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answers {@code null} as soon as the head position is not published, without telling an empty queue from a
     * head whose producer has claimed it and is still writing it (which {@link #poll()} waits for). Holes and removed
     * elements at the head are passed as {@code poll} passes them, and a removal racing this call meets the same
     * handshake.
     */
    @Override
    public E relaxedPoll() {
        return take(false);
    }

    /**
     * Takes the element at the head, passing any holes and removed elements before it.
     *
     * @param wait what to do when a producer has claimed the head position and not yet published it: wait for it
     *        (poll, which may answer null only for an empty queue), or answer null (relaxedPoll, and a drain past its
     *        first element, which may stop short)
     */
    private E take(boolean wait) {
        // opaque: only a starting guess; the slot's sequence and the CAS below catch a stale value
        long position = (long) CONSUMER_INDEX.getOpaque(this);
        // the claims as last read in this call; a position below them is claimed, so waiting for it needs no re-read
        long claimed = Long.MIN_VALUE;
        for (int round = 0;; ) {
            int slot = (int) position & mask;
            // acquire: pairs with the producer's releasing publish, so its element store is visible below
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            if (sequence == position + 1 || sequence == removedMark(position)) {
                // volatile CAS: consumers agree on one owner per position, a removed one included (its owner frees
                // the slot); the witness saves a re-read on loss
                long witness = (long) CONSUMER_INDEX.compareAndExchange(this, position, position + 1);
                if (witness == position) {
                    E e = takeClaimed(slot, position);
                    if (e != null) {
                        return e;
                    }
                    position++; // a hole or a removed element, which hold nothing: look at the next position
                } else {
                    position = witness;
                }
            } else if (isPast(sequence, position + 1)) {
                // opaque: another consumer took this position, and the acquire above makes its CAS visible
                position = (long) CONSUMER_INDEX.getOpaque(this);
            } else {
                // Not published yet (the removed mark of the slot's previous lap, below 0, is here too: that lap's
                // owner is freeing the slot). Empty only if no producer has claimed the position; one that has is
                // between its claim and its publish, and the element it is writing is the head: returning null
                // would report an empty queue while later positions may already hold published elements.
                if (!wait) {
                    return null;
                }
                if (claimed <= position && (claimed = claims()) <= position) {
                    return null;
                }
                round = Pause.next(round); // wait for that producer's publish, then take this same position
            }
        }
    }

    /**
     * Completes this consumer's claim of {@code position}, just made by a CAS of the consumer index: takes the
     * element, unless a remover marked it first, and frees the slot for its next lap.
     *
     * @return the element, or {@code null} if the position held a hole or a removed element
     */
    private E takeClaimed(int slot, long position) {
        // volatile: the consumer's half of the handshake with removers (see enterRemoval). Our claim's CAS comes
        // before this read, and a remover's announcing add before its read of the consumer index, so either we see
        // the remover (and take by CAS), or it finished before this read (its mark is seen below), or it began after
        // our claim (and starts its walk past this position).
        boolean racing = (int) REMOVERS.getVolatile(this) != 0;
        // acquire: after the count, so that a mark by a remover that has left its window is seen here
        long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
        return takeOwned(sequences, elements, slot, position, sequence, racing);
    }

    /**
     * Takes an owned position whose slot is published ({@code sequence == position + 1}) or marked removed, the
     * sequence read after the removers' count. The arrays are the fields, as in {@link #publish(long[], Object[],
     * int, long, Object)}.
     *
     * @param racing whether a remover may still mark the slot; then the take is a CAS on the slot's sequence
     * @return the element, or {@code null} for a hole or a removed element
     */
    private E takeOwned(long[] sequences, E[] elements, int slot, long position, long sequence, boolean racing) {
        if (sequence == position + 1
                // volatile CAS: pairs with a remover's marking CAS on the same sequence (mark); one of them wins
                && (!racing || SEQUENCE.compareAndSet(sequences, slot, position + 1, removedMark(position)))) {
            return free(sequences, elements, slot, position);
        }
        // A remover marked it. A count for size() only, so no ordering: the remover's mark, raising it, and
        // this lowering may come in either order, which size() allows for.
        REMOVED_AHEAD.getAndAdd(this, -1);
        free(sequences, elements, slot, position);
        return null;
    }

    /**
     * Empties the slot of an owned position and hands it to the producer of the next lap.
     *
     * @return what the slot held
     */
    private E free(long[] sequences, E[] elements, int slot, long position) {
        E e = elements[slot]; // plain: ordered after the acquire that saw the publish, and the slot is ours
        elements[slot] = null; // plain: the release below orders it before the next lap's store
        // release: pairs with the acquiring read of the next lap's producer, handing the slot over
        SEQUENCE.setRelease(sequences, slot, position + mask + 1);
        return e;
    }

    /**
     * @return the sequence of a slot whose position {@code position} was removed in place: below 0, so it equals no
     *         sequence a producer or consumer writes, and never {@code position + 1} of any lap
     */
    private static long removedMark(long position) {
        return ~(position + 1);
    }

    /**
     * @return whether a slot whose sequence is {@code sequence} has moved past the state {@code state} (a sequence
     *         value of one of its positions): to a higher sequence, or to the removed mark of a position whose
     *         "holds" value is above {@code state}. A caller whose position's slot is past has a stale position:
     *         other threads have claimed it.
     */
    private static boolean isPast(long sequence, long state) {
        return sequence > state || sequence < 0 && ~sequence > state;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Claims a range of up to {@code min(limit, capacity())} positions with one CAS while the last slot of the
     * range is published, and takes it in order, each slot once its producer has published it; then goes one
     * position at a time: the first as {@link #poll()} does, so that 0 means the queue was empty, the next ones
     * stopping at the first position not published yet instead of waiting for it. Holes are skipped and not
     * counted.
     *
     * <p>Elements leave the queue when the drain claims them. If the consumer throws, the drain still hands it
     * every other element of the range it has claimed (no other consumer can take those positions any more, and
     * dropping them would lose them), then rethrows the first exception, with any later ones added to it as
     * suppressed; what the drain had not claimed stays queued. So a consumer that throws may still receive up to
     * {@code min(limit, capacity()) - 1} elements after the one it threw on; one position at a time, it receives
     * none.
     */
    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #drain}, but its first position too is taken as {@link #relaxedPoll()} takes it: a head whose
     * producer has claimed it and not yet published it ends the call, with 0, where {@code drain} reads the producer
     * index and waits. A consumer that waits there and then takes the rest of the producer's range one position at a
     * time follows the producer through slots it is still writing, and the cache lines cross between the cores at
     * every element; a caller that comes back later finds the range published and claims it whole.
     */
    @Override
    public int relaxedDrain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit, false);
    }

    /** {@link #drain} ({@code strict}) or {@link #relaxedDrain}: see {@link #take(boolean)}. */
    private int drain(Consumer<? super E> consumer, int limit, boolean strict) {
        Batches.check(consumer, "consumer", limit);
        int drained = 0;
        while (drained < limit) {
            int count = Math.min(limit - drained, slots());
            long first = count > 1 ? claimRange(false, count) : -1;
            if (first < 0) {
                break; // the range's last slot is not published yet: one position at a time for the rest
            }
            drained += drainRange(consumer, first, count);
        }
        for (E e; drained < limit && (e = take(strict && drained == 0)) != null; ) {
            drained++; // before accept: a throwing consumer still received this element
            consumer.accept(e);
        }
        return drained;
    }

    /**
     * Takes the owned positions {@code first .. first + count - 1} in order and hands their elements to the
     * consumer, all of them even if it throws (then rethrowing the first exception).
     *
     * @return how many elements were handed over (holes and removed elements are not)
     */
    private int drainRange(Consumer<? super E> consumer, long first, int count) {
        // volatile: the handshake with removers as in takeClaimed, once for the whole range the CAS just claimed;
        // every sequence read below comes after it
        boolean racing = (int) REMOVERS.getVolatile(this) != 0;
        int handed = 0;
        Throwable failure = null;
        long[] sequences = this.sequences; // locals: see publish(long[], Object[], int, long, Object)
        E[] elements = this.elements;
        // in runs that stop where the ring wraps, with the slot linear in an int counter, as in fillRange
        for (int done = 0; done < count; ) {
            long from = first + done;
            int fromSlot = (int) from & mask;
            int run = runFrom(fromSlot, count - done);
            for (int i = 0; i < run; i++) {
                int slot = fromSlot + i;
                long position = from + i;
                long sequence;
                // acquire: pairs with the producer's releasing publish, so its element store is visible in takeOwned
                for (int round = 0; (sequence = (long) SEQUENCE.getAcquire(sequences, slot)) != position + 1
                        && sequence != removedMark(position); ) {
                    round = Pause.next(round); // its producer claimed it before the last one's and publishes it soon
                }
                E e = takeOwned(sequences, elements, slot, position, sequence, racing);
                if (e == null) {
                    continue; // a hole or a removed element
                }
                handed++; // before accept: a throwing consumer still received this element
                try {
                    consumer.accept(e);
                } catch (Throwable thrown) {
                    if (failure == null) {
                        failure = thrown;
                    } else if (thrown != failure) {
                        failure.addSuppressed(thrown);
                    }
                }
            }
            done += run;
        }
        if (failure != null) {
            throw VyukovRing.<RuntimeException>rethrow(failure);
        }
        return handed;
    }

    /** Throws {@code failure} as it is, checked or not (a consumer may throw a checked exception sneakily). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable failure) throws T {
        throw (T) failure;
    }

    /**
     * Called after a read found a position's slot unpublished, with that position no further than the consumer
     * index then. A result at or below the position means the queue was empty at the moment of this read: no
     * producer had claimed the position, so no consumer could have passed it either. A result above it stays true
     * for the rest of the call, since claims only grow: that position is claimed, and its producer publishes it.
     *
     * @return the positions producers have claimed, without the closed bit
     */
    private long claims() {
        // acquire: ordered after the caller's acquiring read of the slot, so the emptiness it concludes held at
        // one instant, when both indices stood at the position; the closed bit is masked out (with it the index
        // would pass every position, and a poll of a closed, empty queue would wait for ever)
        return (long) PRODUCER_INDEX.getAcquire(this) & ~CLOSED;
    }

    /**
     * {@inheritDoc} A hole or a removed element at the head is passed on the way, as {@link #poll()} would.
     */
    @SuppressWarnings("unchecked")
    @Override
    public E peek() {
        for (int round = 0;; ) {
            // acquire: read before the slot, so that the re-read below tells whether a consumer moved meanwhile
            long position = (long) CONSUMER_INDEX.getAcquire(this);
            int slot = (int) position & mask;
            // acquire: pairs with the producer's releasing publish, so the element read below is its or newer
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            if (sequence == position + 1) {
                // acquire: keeps this racy read before the index re-read that validates it
                E e = (E) ELEMENT.getAcquire(elements, slot);
                // acquire: if no consumer has claimed the position yet, e is still the head element (a remover may
                // mark it after the sequence read above; this peek is then ordered before that removal)
                if ((long) CONSUMER_INDEX.getAcquire(this) != position) {
                    continue; // a consumer moved the head: look again
                }
                if (e != null) {
                    return e;
                }
                passHead(slot, position); // a hole
            } else if (sequence == removedMark(position)) {
                passHead(slot, position);
            } else if (!isPast(sequence, position + 1)) {
                // not published yet: empty, or its producer is between claim and publish; wait for it as poll does
                if (claims() <= position) {
                    return null;
                }
                round = Pause.next(round);
            }
            // a consumer moved the head, or we passed a hole or a removed element: look again
        }
    }

    /** Claims the head position, seen holding a hole or a removed element, and passes it as poll would. */
    private void passHead(int slot, long position) {
        // volatile CAS: the claim take makes; if another consumer was faster, that position is its to complete
        if ((long) CONSUMER_INDEX.compareAndExchange(this, position, position + 1) == position) {
            takeClaimed(slot, position); // null: a hole or a removed mark stays so for the rest of the lap
        }
    }

    // ---- either side ----

    @Override
    public int size() {
        // Full fence: the caller's own last index CAS must be visible before this reads the indices. The Java
        // memory model does not order a volatile write before a later acquiring read, and without that a
        // producer that has just offered and a consumer that has just polled could each read the other's old
        // index, giving two sizes no order of the calls explains (store buffering, which jcstress found on
        // the SPSC ring; a lock cmpxchg happens to drain the store buffer on x86, the model promises nothing).
        VarHandle.fullFence();
        // acquire, on all three reads: keeps them in program order, so the producer index is read while the
        // consumer index stood still, and then consumer <= producer <= consumer + capacity held
        long after = (long) CONSUMER_INDEX.getAcquire(this);
        for (;;) {
            long before = after;
            long producer = (long) PRODUCER_INDEX.getAcquire(this) & ~CLOSED; // the positions claimed, closed or not
            after = (long) CONSUMER_INDEX.getAcquire(this);
            if (before == after) {
                // opaque: a count that no element is read on the strength of; see removedAhead for how it can be off
                int removed = (int) REMOVED_AHEAD.getOpaque(this);
                return (int) Math.max(0, Math.min(slots(), producer - after - removed));
            }
        }
    }

    @Override
    public boolean isEmpty() {
        // acquire: the consumer index first; every position below it is claimed by a consumer, so gone
        long position = (long) CONSUMER_INDEX.getAcquire(this);
        for (long end = claimedEnd(); ; position++) {
            if (position >= end && (end = claimedEnd()) <= position) {
                return true; // every position claimed so far is gone: empty at the moment of that read
            }
            // acquire: read after the index reads above, so what it shows happened after them
            long sequence = (long) SEQUENCE.getAcquire(sequences, (int) position & mask);
            if (sequence != removedMark(position) && !isPast(sequence, position + 1)) {
                return false; // published (a hole too), or claimed by a producer that publishes it soon
            }
            // removed in place, or taken and freed already: look further
        }
    }

    /** @return the positions producers have claimed, published or not, with the closed bit masked out */
    private long claimedEnd() {
        // acquire: keeps the slot reads that follow after it, so every position below it was claimed by then. The
        // closed bit is masked out, so positions claimed before a close (published or not) keep the queue non-empty
        // until a consumer has passed them, and an empty answer after the close is final: no claim can follow it
        return (long) PRODUCER_INDEX.getAcquire(this) & ~CLOSED;
    }

    /**
     * The positions producers have claimed, closed or not ({@link io.freelock.queue.CountingQueue#addedCount()}). A
     * hole a failed fill published (see above) counts here and in {@link #removedCount()} alike.
     */
    public long addedCount() {
        return (long) PRODUCER_INDEX.getOpaque(this) & ~CLOSED; // opaque: a count, no element is read on its strength
    }

    /**
     * The positions consumers have claimed ({@link io.freelock.queue.CountingQueue#removedCount()}): each is an
     * element taken, or a hole or a removed element passed. An element removed in place counts here once a consumer
     * passes its slot (see "Removal" above).
     */
    public long removedCount() {
        return (long) CONSUMER_INDEX.getOpaque(this); // opaque: as addedCount
    }

    // ---- closing ----

    /**
     * Shuts producers out for good ({@link io.freelock.queue.ClosableQueue#closeProducers()}): sets the closed bit of
     * the producer index by CAS; see the class documentation.
     */
    public void closeProducers() {
        // opaque: only a starting guess; the CAS below catches a stale value, and a closed bit is final
        long index = (long) PRODUCER_INDEX.getOpaque(this);
        while ((index & CLOSED) == 0) {
            // volatile CAS, on the variable producers claim from: ordered with every claim, each of which is
            // before it (and completes) or after it (and sees the bit). A loop rather than getAndBitwiseOr, so
            // that a second close writes nothing to the producers' cache line; the witness saves a re-read
            long witness = (long) PRODUCER_INDEX.compareAndExchange(this, index, index | CLOSED);
            if (witness == index) {
                return;
            }
            index = witness;
        }
    }

    /** @return whether {@link #closeProducers()} has run ({@link io.freelock.queue.ClosableQueue#producersClosed()}) */
    public boolean producersClosed() {
        // acquire: pairs with the close's CAS, so a thread that sees the bit also sees what the closer did before
        return ((long) PRODUCER_INDEX.getAcquire(this) & CLOSED) != 0;
    }

    // ---- removal ----

    /**
     * {@inheritDoc}
     *
     * <p>Removes the first element, from the head, that {@code o} equals, by marking its slot; linearizable with
     * {@code offer}, {@code poll}, {@code peek} and {@code isEmpty}. A position a producer has claimed but not yet
     * published is waited for, as {@link #poll()} waits. See "Removal" in the class documentation.
     *
     * @return whether an element was removed; {@code false} for {@code null}, which is never an element
     */
    @SuppressWarnings("unchecked")
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        long position = enterRemoval();
        try {
            for (long end = claimedEnd(); ; position++) {
                if (position >= end && (end = claimedEnd()) <= position) {
                    return false; // none equal among the positions claimed until this last read
                }
                int slot = (int) position & mask;
                long sequence = awaitPublished(slot, position);
                if (sequence == position + 1) {
                    // acquire: read after the sequence that published it; if a consumer takes it meanwhile, the CAS
                    // in mark fails
                    E e = (E) ELEMENT.getAcquire(elements, slot);
                    if (e != null && o.equals(e) && mark(slot, position)) {
                        return true;
                    }
                }
            }
        } finally {
            leaveRemoval();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Weakly consistent, as the iterator: removes the matching elements among those queued when the call began
     * that are still there when it reaches them.
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "null filter");
        return removeWhere(filter);
    }

    /** {@inheritDoc} Weakly consistent, as {@link #removeIf}. */
    @Override
    public boolean removeAll(Collection<?> c) {
        return removeWhere(Removal.containedIn(c));
    }

    /** {@inheritDoc} Weakly consistent, as {@link #removeIf}. */
    @Override
    public boolean retainAll(Collection<?> c) {
        return removeWhere(Removal.notContainedIn(c));
    }

    /** Removes, in one removal window, every element the walk finds in place that matches. */
    @SuppressWarnings("unchecked")
    private boolean removeWhere(Predicate<? super E> filter) {
        boolean removed = false;
        long position = enterRemoval();
        try {
            for (long end = claimedEnd(); position < end; position++) {
                int slot = (int) position & mask;
                // acquire: pairs with the producer's releasing publish, so the element read below is its or newer
                if ((long) SEQUENCE.getAcquire(sequences, slot) == position + 1) {
                    // acquire: after the sequence; mark's CAS fails if the position was taken meanwhile
                    E e = (E) ELEMENT.getAcquire(elements, slot);
                    if (e != null && filter.test(e) && mark(slot, position)) {
                        removed = true;
                    }
                }
            }
        } finally {
            leaveRemoval();
        }
        return removed;
    }

    /** Removes the element of {@code position} in place, if it is still there: {@link Walk#remove()}. */
    private void removeAt(long position) {
        long head = enterRemoval();
        try {
            if (position >= head) { // below the head a consumer has claimed it: it is gone already
                mark((int) position & mask, position);
            }
        } finally {
            leaveRemoval();
        }
    }

    /**
     * Opens a removal window: from here until {@link #leaveRemoval()}, consumers take by CAS any position this
     * removal may mark.
     *
     * @return the consumer index: a removal marks no position below it
     */
    private long enterRemoval() {
        // volatile add: the remover's half of the handshake in takeClaimed and drainRange. It comes before the index
        // read below, so a consumer whose claim follows that read sees the count and takes by CAS
        REMOVERS.getAndAdd(this, 1);
        // volatile: after the add in the synchronization order. A position below it was claimed by a consumer that
        // may be taking it without a CAS (it read the count before our add), so it must not be marked
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    /** Closes the removal window {@link #enterRemoval()} opened. */
    private void leaveRemoval() {
        // volatile add: pairs with the consumers' volatile read of the count; one that reads it after this sees the
        // marks this removal made
        REMOVERS.getAndAdd(this, -1);
    }

    /**
     * Waits until the slot of a claimed {@code position} is published, marked or passed: its producer is between
     * its claim and its publish.
     *
     * @return the slot's sequence then
     */
    private long awaitPublished(int slot, long position) {
        for (int round = 0;; round = Pause.next(round)) {
            // acquire: pairs with the producer's releasing publish, so the caller's element read sees its store
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            if (sequence == position + 1 || sequence == removedMark(position) || isPast(sequence, position + 1)) {
                return sequence;
            }
        }
    }

    /**
     * Removes the element of a published {@code position} in place: marks its slot for the consumer that passes it.
     *
     * @return whether this call removed it; {@code false} if a consumer or another removal took it first
     */
    private boolean mark(int slot, long position) {
        // volatile CAS: pairs with a racing consumer's taking CAS (takeOwned) and other removals' marks on the same
        // sequence, so one of them wins the element; the release half publishes nothing new (the element stays)
        if (SEQUENCE.compareAndSet(sequences, slot, position + 1, removedMark(position))) {
            REMOVED_AHEAD.getAndAdd(this, 1); // a count for size() only: see removedAhead
            return true;
        }
        return false;
    }

    /**
     * @return a weakly consistent iterator over the positions between the consumer and producer indices as they
     *         are now; its {@code remove()} removes the element last returned if it is still queued
     */
    @Override
    public Iterator<E> iterator() {
        return new Walk();
    }

    /** Walks a snapshot of the index range, yielding what is still in place when it gets there. */
    private final class Walk implements Iterator<E> {
        /** The next position to look at. */
        private long position;
        /** The producer index when the walk began: the walk stops there. */
        private final long end;
        /** What {@link #next()} returns; null once the walk is over. */
        private E next;
        /** The position of {@link #next}. */
        private long nextAt;
        /** The position of the element {@link #next()} returned last, for {@link #remove()}; -1 when none. */
        private long lastAt = -1;

        Walk() {
            // acquire: the consumer index first, so that every element queued now lies in [position, end)
            position = (long) CONSUMER_INDEX.getAcquire(VyukovRing.this);
            end = claimedEnd();
            next = advance();
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
            lastAt = nextAt;
            next = advance();
            return e;
        }

        /**
         * Removes the element {@link #next()} returned last, if no consumer or removal has taken it since; never
         * another element, even one that has since taken its slot.
         *
         * @throws IllegalStateException if {@code next()} has not been called since the walk began or since the
         *         last {@code remove()}
         */
        @Override
        public void remove() {
            if (lastAt < 0) {
                throw new IllegalStateException("remove() needs a next() before it, once per element");
            }
            long at = lastAt;
            lastAt = -1;
            removeAt(at);
        }

        @SuppressWarnings("unchecked")
        private E advance() {
            while (position < end) {
                long at = position++;
                int slot = (int) at & mask;
                long holding = at + 1;
                // acquire: pairs with the producer's releasing publish, so the element read below is its or newer
                if ((long) SEQUENCE.getAcquire(sequences, slot) != holding) {
                    continue; // not published yet, removed, or taken already
                }
                // acquire: keeps this racy read before the sequence re-read that validates it
                E e = (E) ELEMENT.getAcquire(elements, slot);
                // acquire: sequences of a lap go from holding only to a mark or the next lap, so reading the same
                // value again means the slot held this position's element all along; a null is a hole or a
                // consumer's clearing, never yielded
                if (e != null && (long) SEQUENCE.getAcquire(sequences, slot) == holding) {
                    nextAt = at;
                    return e;
                }
            }
            return null;
        }
    }
}
