package io.freelock.benchmarks;

import java.util.Queue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread offers a burst of {@value #BURST} elements and polls them back: the cost of an offer and a poll on
 * the queue's own code path (its fences, CASes, allocations and bookkeeping) with no other core involved. It is
 * not a use case; it separates what a queue costs per element from what cache-line transfers between cores cost,
 * and it stays meaningful on a machine too busy to give two threads two cores. Figure: ns per element (one offer
 * and one poll).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class Burst {

    static final int BURST = 32;

    @Param({
        "freelock-spsc", "jctools-spsc", "agrona-spsc", "disruptor-spsc",
        "freelock-vyukov", "jctools-mpmc", "agrona-mpmc", "jdk-abq",
        "freelock-ms", "freelock-spsc-linked", "jdk-clq", "jctools-mpsc-unbounded", "jctools-spsc-linked",
        "managed-spsc", "managed-vyukov", "managed-ms", "swapped-spsc"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    Queue<Integer> q;

    @Setup
    public void create() {
        q = Queues.create(queue, capacity);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void offerThenPoll(Blackhole blackhole) {
        for (int i = 0; i < BURST; i++) {
            blackhole.consume(q.offer(Transfer.ELEMENT));
        }
        for (int i = 0; i < BURST; i++) {
            blackhole.consume(q.poll());
        }
    }
}
