package io.freelock.queue.vyukov;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.internal.Batches;
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
     * by {@code closeProducers()} (see {@code VyukovQueue.CLOSED}), which every reader of a position masks out.
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
 * {@code null} only if no producer has claimed the head position (the queue is empty), and otherwise spin
 * ({@link Thread#onSpinWait()}) until that producer publishes; {@link #offer} returns {@code false} only if no
 * consumer has claimed the position a lap behind its own (the ring is full), and otherwise spins until that
 * consumer releases the slot. So a {@code null} or a {@code false} means the queue was empty or full at one
 * instant of the call, and every call is linearizable as the {@link java.util.Queue} operation it is (the
 * Lincheck tests in {@code stress-tests/} check this). The price is that a thread preempted between its claim
 * and its publish or release holds up the others that reach its slot: they spin until it is scheduled again.
 * That window is a few instructions in {@code offer} and {@code poll}, but in {@link #fill} it lasts until the
 * supplier has supplied that slot's element, and in {@link #drain} until the consumer has been handed the
 * elements before it in the range the drain claimed. Nothing blocks on a lock, and a queue with no thread inside
 * such a window never waits.
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
 * counts in {@link #size()} and makes {@link #isEmpty()} false: a queue holding holes is the one state in
 * which this class does not behave as a linearizable {@link java.util.Queue}.
 *
 * <p>{@link #size()} reads the two indices at one instant (it retries while the consumer index moves), so it
 * is exact when the queue is quiescent and, holes aside, linearizable with the other operations; it is always
 * within {@code [0, capacity()]}. The iterator is weakly consistent: it walks the positions between the
 * consumer and producer indices as they were when it was made, yields only elements still in their slot when
 * it reaches them, never yields {@code null} and never throws {@link java.util.ConcurrentModificationException}.
 * Removing from the middle of a ring is not offered: {@link #remove(Object)} and the iterator's
 * {@code remove()} throw {@link UnsupportedOperationException}. {@link #clear()} polls until the queue is
 * empty.
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
 * @param <E> the element type
 */
public final class VyukovQueue<E> extends VyukovPadAfterConsumer<E> implements ClosableQueue<E>, CountingQueue<E> {

    /**
     * The closed bit of the producer index. Positions stay below it (at 10^9 claims a second, for over a
     * century), so a position never carries it, and an index that does is at least this far ahead of every
     * slot's sequence.
     */
    private static final long CLOSED = 1L << 62;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(VyukovProducerIndex.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(VyukovConsumerIndex.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The slot count minus one: {@code (int) position & mask} is the position's slot. */
    private final int mask;
    /** Per slot: {@code p} when free for position {@code p}, {@code p + 1} when holding position {@code p}. */
    private final long[] sequences;
    /** Per slot: the element, or {@code null} when the slot is free or holds a hole. */
    private final E[] elements;

    /**
     * @param requestedCapacity the fewest elements the queue must hold; rounded up to a power of two, and to at
     *        least 2
     * @throws IllegalArgumentException if {@code requestedCapacity} is outside 1..{@link QueueSpec#MAX_CAPACITY}
     */
    @SuppressWarnings("unchecked")
    public VyukovQueue(int requestedCapacity) {
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
        Objects.requireNonNull(e, "null element");
        long position = claimForProducer();
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
        Batches.check(supplier, "supplier", limit);
        int added = 0;
        while (added < limit) {
            int count = Math.min(limit - added, capacity());
            long first = count > 1 ? claimRange(true, count) : -1;
            if (first < 0) {
                break; // the range's last slot is not free yet: one position at a time for the rest
            }
            added = fillRange(supplier, first, count, added);
        }
        for (; added < limit; added++) {
            long position = claimForProducer();
            if (position < 0) {
                return added;
            }
            fillRange(supplier, position, 1, added);
        }
        return limit;
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
        for (long position = first; position < end; position++) {
            awaitFree(position);
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
                        + (added + position - first) + " elements, which stay queued");
            }
            publish(position, e);
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
            long ahead = (long) SEQUENCE.getAcquire(sequences, (int) last & mask) - (last + ready);
            if (ahead == 0) {
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

    /** Waits until the slot of an owned {@code position} is free: its previous lap's consumer has released it. */
    private void awaitFree(long position) {
        // acquire: pairs with that consumer's releasing store, so its taking and clearing of the old element happen
        // before our store of the new one; a claimed range may reach it before that consumer is done
        while ((long) SEQUENCE.getAcquire(sequences, (int) position & mask) != position) {
            Thread.onSpinWait(); // that consumer has claimed the position and releases it within a few instructions
        }
    }

    /** Publishes the owned positions {@code from .. end - 1} as holes, each once its slot is free. */
    private void publishHoles(long from, long end) {
        for (long position = from; position < end; position++) {
            awaitFree(position);
            publishHole(position);
        }
    }

    /**
     * @return the position this producer now owns, or -1 if its slot is not free yet (the ring is full) or the
     *         queue is closed
     */
    private long claimForProducer() {
        // opaque: only a starting guess; the slot's sequence and the CAS below catch a stale value, and a closed
        // bit read here is final (it is never cleared)
        long position = (long) PRODUCER_INDEX.getOpaque(this);
        for (;;) {
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
            } else if (ahead < 0) {
                if ((position & CLOSED) != 0) {
                    // A closed index, from the guess, a witness or a re-read: it is 2^62 ahead of any sequence,
                    // so it always lands here, off the fast path. Refuse before reading the consumer index.
                    return -1;
                }
                // The slot still belongs to the previous lap, position - capacity. Full only if no consumer has
                // claimed that position yet; a consumer that has is between its claim and its release of the slot,
                // and refusing then would report a full ring that is not full (its element is already taken).
                // acquire: read after the sequence, so a consumer index at or below position - capacity means the
                // ring held capacity claimed positions at this instant, which is when a false takes effect
                if ((long) CONSUMER_INDEX.getAcquire(this) <= position - (mask + 1)) {
                    return -1;
                }
                Thread.onSpinWait(); // that consumer is inside poll and releases the slot within a few instructions
            } else {
                // opaque: another producer claimed this position, and the acquire above makes its CAS visible; a
                // closed bit read here is handled on the next turn, in ahead < 0
                position = (long) PRODUCER_INDEX.getOpaque(this);
            }
        }
    }

    /** Hands an owned position with its element to the consumers. */
    private void publish(long position, E e) {
        int slot = (int) position & mask;
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
     * Takes the element at the head, consuming any holes before it.
     *
     * @param wait what to do when a producer has claimed the head position and not yet published it: wait for it
     *        (poll, which may answer null only for an empty queue), or answer null (a drain past its first element,
     *        which may stop short)
     */
    private E take(boolean wait) {
        // opaque: only a starting guess; the slot's sequence and the CAS below catch a stale value
        long position = (long) CONSUMER_INDEX.getOpaque(this);
        for (;;) {
            int slot = (int) position & mask;
            // acquire: pairs with the producer's releasing publish, so its element store is visible below
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            long ahead = sequence - (position + 1);
            if (ahead == 0) {
                // volatile CAS: consumers agree on one taker per position; the witness saves a re-read on loss
                long witness = (long) CONSUMER_INDEX.compareAndExchange(this, position, position + 1);
                if (witness == position) {
                    E e = elements[slot]; // plain: ordered after the acquire above, and the slot is ours
                    elements[slot] = null; // plain: the release below orders it before the next lap's store
                    // release: pairs with the acquiring read of the next lap's producer, handing the slot over
                    SEQUENCE.setRelease(sequences, slot, position + mask + 1);
                    if (e != null) {
                        return e;
                    }
                    position++; // consumed a hole, which holds nothing: look at the next position
                } else {
                    position = witness;
                }
            } else if (ahead < 0) {
                // Not published yet. Empty only if no producer has claimed the position; one that has is between
                // its claim and its publish, and the element it is writing is the head: returning null would
                // report an empty queue while later positions may already hold published elements.
                if (!wait || producerHasNotClaimed(position)) {
                    return null;
                }
                Thread.onSpinWait(); // wait for that producer's publish, then take this same position
            } else {
                // opaque: another consumer took this position, and the acquire above makes its CAS visible
                position = (long) CONSUMER_INDEX.getOpaque(this);
            }
        }
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
        Batches.check(consumer, "consumer", limit);
        int drained = 0;
        while (drained < limit) {
            int count = Math.min(limit - drained, capacity());
            long first = count > 1 ? claimRange(false, count) : -1;
            if (first < 0) {
                break; // the range's last slot is not published yet: one position at a time for the rest
            }
            drained += drainRange(consumer, first, count);
        }
        for (E e; drained < limit && (e = take(drained == 0)) != null; ) {
            drained++; // before accept: a throwing consumer still received this element
            consumer.accept(e);
        }
        return drained;
    }

    /**
     * Takes the owned positions {@code first .. first + count - 1} in order and hands their elements to the
     * consumer, all of them even if it throws (then rethrowing the first exception).
     *
     * @return how many elements were handed over (holes are not)
     */
    private int drainRange(Consumer<? super E> consumer, long first, int count) {
        int handed = 0;
        Throwable failure = null;
        for (long position = first, end = first + count; position < end; position++) {
            int slot = (int) position & mask;
            // acquire: pairs with the producer's releasing publish, so its element store is visible below
            while ((long) SEQUENCE.getAcquire(sequences, slot) != position + 1) {
                Thread.onSpinWait(); // its producer claimed it before the last one's and publishes it soon
            }
            E e = elements[slot]; // plain: ordered after the acquire above, and the slot is ours
            elements[slot] = null; // plain: the release below orders it before the next lap's store
            // release: pairs with the acquiring read of the next lap's producer, handing the slot over
            SEQUENCE.setRelease(sequences, slot, position + mask + 1);
            if (e == null) {
                continue; // a hole
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
        if (failure != null) {
            throw VyukovQueue.<RuntimeException>rethrow(failure);
        }
        return handed;
    }

    /** Throws {@code failure} as it is, checked or not (a consumer may throw a checked exception sneakily). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable failure) throws T {
        throw (T) failure;
    }

    /**
     * Called after a read found {@code position}'s slot unpublished, with {@code position} no further than the
     * consumer index then.
     *
     * @return whether the queue was empty at the moment of this call's read: no producer had claimed
     *         {@code position}, so no consumer could have passed it either
     */
    private boolean producerHasNotClaimed(long position) {
        // acquire: ordered after the caller's acquiring read of the slot, so the emptiness it concludes held at
        // one instant, when both indices stood at position; the closed bit is masked out (with it the index
        // would pass every position, and a poll of a closed, empty queue would wait for ever)
        return ((long) PRODUCER_INDEX.getAcquire(this) & ~CLOSED) <= position;
    }

    /**
     * {@inheritDoc} A hole at the head is consumed on the way, as {@link #poll()} would.
     */
    @SuppressWarnings("unchecked")
    @Override
    public E peek() {
        for (;;) {
            // acquire: read before the slot, so that the re-read below tells whether a consumer moved meanwhile
            long position = (long) CONSUMER_INDEX.getAcquire(this);
            int slot = (int) position & mask;
            // acquire: pairs with the producer's releasing publish, so the element read below is its or newer
            long sequence = (long) SEQUENCE.getAcquire(sequences, slot);
            long ahead = sequence - (position + 1);
            if (ahead < 0) {
                // not published yet: empty, or its producer is between claim and publish; wait for it as poll does
                if (producerHasNotClaimed(position)) {
                    return null;
                }
                Thread.onSpinWait();
                continue;
            }
            if (ahead == 0) {
                // acquire: keeps this racy read before the index re-read that validates it
                E e = (E) ELEMENT.getAcquire(elements, slot);
                // acquire: if no consumer has taken the position yet, e is still the head element
                if ((long) CONSUMER_INDEX.getAcquire(this) == position) {
                    if (e != null) {
                        return e;
                    }
                    // volatile CAS: take the hole as poll would; if a consumer was faster, the null was its doing
                    if ((long) CONSUMER_INDEX.compareAndExchange(this, position, position + 1) == position) {
                        // release: pairs with the next lap's producer's acquiring read, handing the slot over
                        SEQUENCE.setRelease(sequences, slot, position + mask + 1);
                    }
                }
            }
            // a consumer moved the head, or we took a hole: look again
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
                return (int) Math.max(0, Math.min(capacity(), producer - after));
            }
        }
    }

    @Override
    public boolean isEmpty() {
        // acquire: the consumer index first; as it never passes the producer index, equal means empty then
        long consumer = (long) CONSUMER_INDEX.getAcquire(this);
        // opaque: nothing after it needs ordering; any value read after the consumer index will do. The closed bit
        // is masked out, so positions claimed before a close (published or not) keep the queue non-empty until
        // a consumer has passed them, and a true after the close is final: no claim can follow it
        return consumer >= ((long) PRODUCER_INDEX.getOpaque(this) & ~CLOSED);
    }

    /**
     * The positions producers have claimed, closed or not. A hole a failed fill published (see above) counts
     * here and in {@link #removedCount()} alike.
     */
    @Override
    public long addedCount() {
        return (long) PRODUCER_INDEX.getOpaque(this) & ~CLOSED; // opaque: a count, no element is read on its strength
    }

    /** The positions consumers have claimed: each is an element taken (or a hole passed). */
    @Override
    public long removedCount() {
        return (long) CONSUMER_INDEX.getOpaque(this); // opaque: as addedCount
    }

    // ---- closing ----

    /**
     * {@inheritDoc}
     *
     * <p>Sets the closed bit of the producer index by CAS; see the class documentation.
     */
    @Override
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

    @Override
    public boolean producersClosed() {
        // acquire: pairs with the close's CAS, so a thread that sees the bit also sees what the closer did before
        return ((long) PRODUCER_INDEX.getAcquire(this) & CLOSED) != 0;
    }

    /** @throws UnsupportedOperationException always: see {@link Removal} */
    @Override
    public boolean remove(Object o) {
        throw Removal.refused("a Vyukov ring");
    }

    /**
     * @return a weakly consistent iterator over the positions between the consumer and producer indices as
     *         they are now; its {@code remove()} throws {@link UnsupportedOperationException}
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

        Walk() {
            // acquire: the consumer index first, so that every element queued now lies in [position, end)
            position = (long) CONSUMER_INDEX.getAcquire(VyukovQueue.this);
            // acquire: keeps the slot reads in advance() after it, so every position below end was claimed then;
            // the closed bit masked out, so that a walk of a closed queue ends at its last claimed position
            end = (long) PRODUCER_INDEX.getAcquire(VyukovQueue.this) & ~CLOSED;
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
            next = advance();
            return e;
        }

        @Override
        public void remove() {
            throw Removal.refused("a Vyukov ring");
        }

        @SuppressWarnings("unchecked")
        private E advance() {
            while (position < end) {
                long at = position++;
                int slot = (int) at & mask;
                long holding = at + 1;
                // acquire: pairs with the producer's releasing publish, so the element read below is its or newer
                if ((long) SEQUENCE.getAcquire(sequences, slot) != holding) {
                    continue; // not published yet, or taken already
                }
                // acquire: keeps this racy read before the sequence re-read that validates it
                E e = (E) ELEMENT.getAcquire(elements, slot);
                // acquire: sequences only grow, so reading the same value again means the slot held this
                // position's element all along; a null is a hole or a consumer's clearing, never yielded
                if (e != null && (long) SEQUENCE.getAcquire(sequences, slot) == holding) {
                    return e;
                }
            }
            return null;
        }
    }
}
