package io.freelock.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A consumer thread's counts, reported per µs of measured time next to the primary score: elements taken (the
 * figure the report uses: elements through the queue) and calls that found the queue empty, counted only while
 * JMH measures. Reset before each iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PollCounters {
    /** Elements taken. */
    public long polled;
    /** Calls that found the queue empty. */
    public long pollFailed;
    /** Not a counter (not public): elements taken in this iteration, measured or not, for the {@link Backlog}. */
    long taken;

    @Setup(Level.Iteration)
    public void reset() {
        polled = 0;
        pollFailed = 0;
        taken = 0;
    }
}
