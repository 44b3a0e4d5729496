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
 * The experiments of the {@code variants} package in {@link OneToOne}'s harness, next to the queues they vary, in
 * one run: the SPSC ring as it was before its slot checks (index reads); the manager's in-flight counting alone
 * (RMW counts against single-writer markers) over a bare SPSC ring; the Vyukov ring as it was before its range
 * claims; the Michael-Scott queue without the tail read in poll; the managed queue before issue 12's rewrite
 * ({@code before-managed-*}, see {@code variants.CountingManagedQueue}) next to the managed queue now and its bare
 * driver queue. Not part of the regular suite:
 * {@code benchmarks/run --no-report Variants}. The before/after pairs of the applied changes, with JCTools, in one
 * run (the batch variants run in {@link Batch}):
 * {@code benchmarks/run --no-report --quick 'Variants(OneToOne|Burst)|Batch'
 * -p queue=freelock-spsc,variant-spsc-indexcheck,jctools-spsc,freelock-vyukov,variant-vyukov-onebyone,jctools-mpmc}.
 * Issue 12's managed queue, before, after and bare, at 1P/1C, one thread and batch, then at 2P/1C:
 * {@code benchmarks/run --no-report --quick 'Variants(OneToOne|Burst|Batch)' -p queue=freelock-spsc,managed-spsc,
 * before-managed-spsc,freelock-vyukov,managed-vyukov,before-managed-vyukov,freelock-ms,managed-ms,before-managed-ms}
 * and {@code benchmarks/run --no-report --quick VariantsTwoToOne}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class VariantsOneToOne {

    @Param({"freelock-spsc", "variant-spsc-indexcheck", "jctools-spsc",
        "managed-spsc", "variant-spsc-counted", "variant-spsc-marked",
        "freelock-vyukov", "variant-vyukov-onebyone", "jctools-mpmc",
        "freelock-ms", "variant-ms-tailfree", "jdk-clq",
        "managed-vyukov", "managed-ms", "before-managed-spsc", "before-managed-vyukov", "before-managed-ms"})
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
