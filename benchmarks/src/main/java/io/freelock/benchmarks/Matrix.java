package io.freelock.benchmarks;

import java.util.Queue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * The thread matrix: throughput with N producers and N consumers on one queue, for the bounded queues that allow
 * several of each. The threads per side are set from the command line ({@code -tg N,N}); {@code benchmarks/run
 * --matrix} runs 1P/1C, 2P/2C, 4P/4C and 8P/8C, each only where the machine has a core for every thread.
 *
 * <p>Each call is one offer or one poll, counted as {@link Transfer} counts them, but without its {@link Backlog}:
 * that holds producers back by one consumer's count, and every queue here is bounded below its limit anyway
 * (so the unbounded queues are left out of the matrix).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class Matrix {

    @Param({"freelock-vyukov", "jctools-mpmc", "agrona-mpmc", "jdk-abq", "managed-vyukov"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    Queue<Integer> q;

    @Setup(Level.Iteration)
    public void create() {
        q = Queues.create(queue, capacity);
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public void offer(OfferCounters counters, Control control) {
        if (q.offer(Transfer.ELEMENT)) {
            if (Transfer.measuring(control)) {
                counters.offered++;
            }
        } else if (Transfer.measuring(control)) {
            counters.offerFailed++;
        }
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public Integer poll(PollCounters counters, Control control) {
        Integer e = q.poll();
        if (e == null) {
            if (Transfer.measuring(control)) {
                counters.pollFailed++;
            }
        } else if (Transfer.measuring(control)) {
            counters.polled++;
        }
        return e;
    }
}
