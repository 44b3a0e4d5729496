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
 * Throughput with one producer thread and one consumer thread (a JMH group of two): each call is one offer or one
 * poll, failures are counted, nothing spins. The report's figure is the consumer's {@code polled} counter: elements
 * through the queue per microsecond. A new queue is made before every iteration, so no iteration starts full or
 * with another iteration's backlog.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class OneToOne {

    @Param({
        "freelock-spsc", "jctools-spsc", "agrona-spsc", "disruptor-spsc",
        "freelock-vyukov", "jctools-mpmc", "agrona-mpmc", "jdk-abq",
        "freelock-ms", "freelock-spsc-linked", "jdk-clq", "jdk-ltq", "jctools-mpsc-unbounded", "jctools-spsc-linked",
        "managed-spsc", "managed-vyukov", "managed-ms", "swapped-spsc"})
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
    @GroupThreads(1)
    public void offer(OfferCounters counters, Control control) {
        Transfer.offer(q, backlog, counters, 1, control);
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public Integer poll(PollCounters counters, Control control) {
        return Transfer.poll(q, backlog, counters, control);
    }
}
