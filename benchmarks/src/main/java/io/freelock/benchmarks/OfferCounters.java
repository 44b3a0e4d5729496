package io.freelock.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A producer thread's counts, reported by JMH per µs of measured time next to the primary score: elements added,
 * calls refused by a full queue, and calls the harness held back (see {@link Backlog}), counted only while JMH
 * measures (see {@code Transfer.measuring}). Reset before each iteration, as the queue itself is.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class OfferCounters {
    /** Elements added. */
    public long offered;
    /** Calls the queue refused: it was full. */
    public long offerFailed;
    /** Calls the harness held back because the consumer was {@link Backlog#LIMIT} behind. */
    public long offerHeld;
    /** Not a counter (not public): elements added in this iteration, measured or not. */
    long sent;
    /** Not a counter (not public): {@code sent} may grow up to this before the backlog is read again. */
    long allowance;
    /** Not a counter (not public): calls left before a held producer reads the backlog again. */
    int recheckIn;
    /** Not a counter (not public): this producer's number among the group's producers, for the backlog. */
    int producer;

    @Setup(Level.Trial)
    public void number(ThreadParams thread) {
        producer = thread.getSubgroupThreadIndex();
        if (producer >= Backlog.MAX_PRODUCERS) {
            throw new IllegalStateException("at most " + Backlog.MAX_PRODUCERS + " producers");
        }
    }

    @Setup(Level.Iteration)
    public void reset() {
        offered = 0;
        offerFailed = 0;
        offerHeld = 0;
        sent = 0;
        allowance = 0;
        recheckIn = 0;
    }
}
