package io.freelock.queue.mpsc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A run of {@link #SIZE} slots of {@link MpscChunkedQueue}: positions {@code base .. base + SIZE - 1}, linked to the
 * chunk of the next run. {@code base} and the slot array are final, so any thread that holds a chunk, however it
 * came by it, sees them. Each slot and the link name the access mode of every method that reaches them; the
 * caller says why that mode is enough.
 *
 * <p>A slot goes from null to an element (its producer's release store, once), then to {@link #EMPTY} (removed by
 * the consumer, or never filled by a fill whose supplier failed) or back to null (taken by the consumer). The link
 * goes from null to the next chunk (a producer's CAS, once) and, after the consumer has moved past this chunk, to
 * this chunk itself (see {@link #selfLink()}).
 */
final class Chunk {

    /** Slots per chunk: the same as JCTools' unbounded queue in the benchmarks, one allocation per 1024 elements. */
    static final int SIZE = 1024;
    /** A position's slot in its chunk is {@code position & MASK}: bases are multiples of {@link #SIZE}. */
    static final int MASK = SIZE - 1;

    /**
     * What a slot holds where nothing is left to take and nothing is to be counted again: an element the consumer
     * removed, or a claimed place that a fill whose supplier failed never filled. The consumer steps over it.
     */
    static final Object EMPTY = new Object();

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The position of slot 0. */
    final long base;
    private final Object[] slots = new Object[SIZE];
    /** The chunk after this one; null until a producer links it; this chunk itself once the consumer has left it. */
    private Chunk next;

    Chunk(long base) {
        this.base = base;
    }

    /** @return whether {@code position} lies in this chunk or before it (never after) */
    boolean holdsOrPasses(long position) {
        return position - base < SIZE;
    }

    /** Acquire read: pairs with the producer's release store, so the element's fields are visible. */
    Object slotAcquire(long position) {
        return SLOT.getAcquire(slots, (int) position & MASK);
    }

    /**
     * Release store of an element by the producer that claimed the position: publishes the element and everything
     * the producer wrote before, to the consumer's and walkers' acquire reads.
     */
    void setSlotRelease(long position, Object element) {
        setRelease(slots, (int) position & MASK, element);
    }

    /** @return the slot array, for a producer's or the consumer's run through the static accessors below */
    Object[] slots() {
        return slots;
    }

    /** Acquire read of slot {@code slot} of a chunk's array, as {@link #slotAcquire}, for the consumer's runs. */
    static Object getAcquire(Object[] slots, int slot) {
        return SLOT.getAcquire(slots, slot);
    }

    /** Opaque store into slot {@code slot} of a chunk's array, as {@link #setSlotOpaque}, for the consumer's runs. */
    static void setOpaque(Object[] slots, int slot, Object value) {
        SLOT.setOpaque(slots, slot, value);
    }

    /** Release store of an element into slot {@code slot} of a chunk's array, as {@link #setSlotRelease}. */
    static void setRelease(Object[] slots, int slot, Object element) {
        SLOT.setRelease(slots, slot, element);
    }

    /**
     * Opaque store by the consumer: null once it has taken the element (so that the chunk keeps no delivered
     * element alive), or {@link #EMPTY} when it removes it. No producer writes the slot again, and walkers on other
     * threads that read it opaquely either see the element (a moment before it left, which a weakly consistent
     * walk allows) or skip it.
     */
    void setSlotOpaque(long position, Object value) {
        SLOT.setOpaque(slots, (int) position & MASK, value);
    }

    /** Acquire read: pairs with the CAS that linked the next chunk, and with {@link #selfLink()}. */
    Chunk nextAcquire() {
        return (Chunk) NEXT.getAcquire(this);
    }

    /**
     * Volatile CAS of a null link: the one producer that succeeds links {@code successor}; a failure means another
     * producer linked its own chunk first, which the loser then uses. Its release half publishes the new chunk.
     */
    boolean casNext(Chunk successor) {
        return NEXT.compareAndSet(this, null, successor);
    }

    /**
     * Release store of a self-link by the consumer once it has moved to the next chunk, so that a dead chunk that
     * reached the old generation does not keep every younger chunk after it alive (GC nepotism). Release, after the
     * consumer published its new chunk: a walker or producer that meets the self-link and re-reads the consumer's
     * chunk finds one past this.
     */
    void selfLink() {
        NEXT.setRelease(this, this);
    }
}
