package io.freelock.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The consumer's running count, on a cache line of its own: the consumer writes it on every successful take, the
 * producers read it only when they reach their allowance. HotSpot lays a superclass's fields before a subclass's,
 * so the chain below puts 128 bytes on either side of the count.
 */

abstract class BacklogPadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class BacklogCount extends BacklogPadBefore {
    long consumed;
}

/**
 * Keeps an unbounded queue from growing without limit inside a throughput benchmark. When a producer outruns the
 * consumer, a linked queue would otherwise collect millions of live nodes in one iteration, and the figure would
 * measure the garbage collector copying them, not the queue. So the harness holds producers back (and counts it:
 * {@code offerHeld}) while the elements added exceed the elements taken by {@link #LIMIT}.
 *
 * <p>Each producer publishes how many it has added in a slot of its own, and the consumer how many it has taken;
 * a producer reads them all only when its cached allowance runs out, about once per {@code LIMIT / producers}
 * elements while the consumer keeps up, and then every {@link #RECHECK}-th call while it is held, so that a held
 * producer does not keep pulling the consumer's line away from it. Every queue in a benchmark runs under the same
 * harness; a bounded queue of capacity below the limit never reaches it.
 */
public final class Backlog extends BacklogCount {

    /** The most elements the producers may be ahead of the consumer: 64 Ki. */
    public static final long LIMIT = 1L << 16;
    /** A held producer reads the counts again after this many calls. */
    static final int RECHECK = 64;
    /** The most producers a benchmark may have. */
    static final int MAX_PRODUCERS = 8;
    /** Slots of the {@link #added} array between two producers' counts: 128 bytes. */
    private static final int STRIDE = 16;

    private static final VarHandle CONSUMED;
    private static final VarHandle ADDED = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            CONSUMED = MethodHandles.lookup().findVarHandle(BacklogCount.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    /** Per producer, at {@code (1 + producer) * STRIDE}: elements added so far in this iteration. */
    private final long[] added = new long[(MAX_PRODUCERS + 2) * STRIDE];

    /** The consumer, after taking elements: opaque, a plain store on x86; nothing is published with it. */
    public void consumedUpTo(long count) {
        CONSUMED.setOpaque(this, count);
    }

    /** A producer, after adding elements: opaque, as above. */
    public void addedUpTo(int producer, long count) {
        ADDED.setOpaque(added, (1 + producer) * STRIDE, count);
    }

    /**
     * @param mine how many elements this producer has added so far in this iteration
     * @param producers how many producers share the queue
     * @return this producer's new allowance: it may add while its count is below it, that is while the elements
     *         added by all producers (as last published) exceed those taken by less than {@link #LIMIT}
     */
    public long allowance(long mine, int producers) {
        long consumed = (long) CONSUMED.getOpaque(this);
        long total = 0;
        for (int p = 0; p < producers; p++) {
            total += (long) ADDED.getOpaque(added, (1 + p) * STRIDE);
        }
        return mine + (LIMIT - (total - consumed));
    }
}
