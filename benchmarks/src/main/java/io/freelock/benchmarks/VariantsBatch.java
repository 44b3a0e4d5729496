package io.freelock.benchmarks;

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
 * The experiments in {@link Batch}'s harness (the same steps and counters): for issue 12, the managed queue before
 * the rewrite ({@code before-managed-*}, see {@code variants.CountingManagedQueue}), after it ({@code managed-*})
 * and the bare driver queue, in one run. Not part of the regular suite.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class VariantsBatch {

    @Param({"freelock-spsc", "managed-spsc", "before-managed-spsc",
        "freelock-vyukov", "managed-vyukov", "before-managed-vyukov",
        "freelock-ms", "managed-ms", "before-managed-ms"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    @Param({"64"})
    public int batch;

    BatchChannel channel;
    Backlog backlog;

    @Setup(Level.Iteration)
    public void create() {
        channel = BatchChannel.of(queue, capacity);
        backlog = new Backlog();
    }

    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void fill(Batch.FillCounters counters, Control control) {
        Batch.fillStep(channel, backlog, batch, counters, control);
    }

    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void drain(Batch.DrainCounters counters, Control control) {
        Batch.drainStep(channel, backlog, batch, counters, control);
    }
}
