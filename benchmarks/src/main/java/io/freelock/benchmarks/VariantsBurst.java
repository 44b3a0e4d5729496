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

/** The experiments in {@link Burst}'s one-thread harness: their code path alone, ns per element. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class VariantsBurst {

    @Param({"freelock-spsc", "variant-spsc-indexcheck", "jctools-spsc",
        "managed-spsc", "variant-spsc-counted", "variant-spsc-marked",
        "freelock-vyukov", "variant-vyukov-onebyone", "jctools-mpmc",
        "freelock-ms", "variant-ms-tailfree", "jdk-clq",
        "managed-vyukov", "managed-ms", "before-managed-spsc", "before-managed-vyukov", "before-managed-ms"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    Queue<Integer> q;

    @Setup
    public void create() {
        q = Queues.create(queue, capacity);
    }

    @Benchmark
    @OperationsPerInvocation(Burst.BURST)
    public void offerThenPoll(Blackhole blackhole) {
        for (int i = 0; i < Burst.BURST; i++) {
            blackhole.consume(q.offer(Transfer.ELEMENT));
        }
        for (int i = 0; i < Burst.BURST; i++) {
            blackhole.consume(q.poll());
        }
    }
}
