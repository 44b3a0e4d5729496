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
 * Throughput with two producer threads and one consumer thread, for the queues that allow several producers. The
 * same harness as {@link OneToOne}. Three busy threads on a two-core machine oversubscribe it: the figures then
 * include the scheduler's time slicing (a thread preempted inside a queue operation), which is real for such a
 * machine but not the contention a three-core one would show.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class TwoToOne {

    private static final int PRODUCERS = 2;

    @Param({
        "freelock-vyukov", "jctools-mpmc", "jctools-mpsc", "agrona-mpmc", "agrona-mpsc", "jdk-abq",
        "freelock-vyukov-relaxed", "jctools-mpmc-relaxed",
        "freelock-ms", "jdk-clq", "freelock-mpsc", "jctools-mpsc-unbounded",
        "managed-vyukov", "managed-ms"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    Queue<Integer> q;
    Backlog backlog;

    @Setup(Level.Iteration)
    public void create() {
        q = Queues.create(queue, capacity);
        backlog = new Backlog();
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(PRODUCERS)
    public void offer(OfferCounters counters, Control control) {
        Transfer.offer(q, backlog, counters, PRODUCERS, control);
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public Integer poll(PollCounters counters, Control control) {
        return Transfer.poll(q, backlog, counters, control);
    }
}
