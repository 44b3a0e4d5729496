package io.freelock.benchmarks;

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
 * One thread fills a batch of {@value #BATCH} elements and drains it back: what {@link Batch} measures per element,
 * without the second core, so a queue's batch code path is measured apart from cache-line transfers and from the
 * harness's backlog. As {@link Burst}, it is not a use case. Figure: ns per element (its fill and its drain).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class BatchBurst {

    static final int BATCH = 64;

    @Param({"freelock-spsc", "jctools-spsc", "freelock-vyukov", "jctools-mpmc", "freelock-mpsc",
        "jctools-mpsc-unbounded"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    BatchChannel channel;
    BatchChannel.Sink sink;

    @Setup
    public void create(Blackhole blackhole) {
        channel = BatchChannel.of(queue, capacity);
        sink = new BatchChannel.Sink(blackhole);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fillThenDrain() {
        int filled = channel.fill(BATCH);
        int drained = channel.drain(sink, BATCH);
        if (filled != drained) {
            throw new IllegalStateException("filled " + filled + ", drained " + drained);
        }
        return drained;
    }
}
