package io.freelock.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.Control;

/**
 * Batch throughput, one producer and one consumer: the producer fills up to {@link #batch} elements per call, the
 * consumer drains up to as many, each into JMH's Blackhole. Ours against JCTools' fill/drain on the same shape of
 * queue, and the managed queue against its bare driver queue; {@code freelock-vyukov-relaxed} and
 * {@code freelock-mpsc-relaxed} are ours through relaxedFill/relaxedDrain, which stop where a slot is midway as
 * JCTools' fill and drain do, where our fill and drain wait for that slot. The report's figure is {@code drained}:
 * elements through the queue per microsecond. {@link VariantsBatch} runs the same steps
 * ({@link #fillStep(BatchChannel, Backlog, int, FillCounters, Control)},
 * {@link #drainStep(BatchChannel, Backlog, int, DrainCounters, Control)}) on experiments.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class Batch {

    @Param({"freelock-spsc", "jctools-spsc", "freelock-vyukov", "freelock-vyukov-relaxed", "jctools-mpmc",
        "freelock-ms", "freelock-mpsc", "freelock-mpsc-relaxed", "jctools-mpsc-unbounded", "managed-spsc",
        "managed-vyukov", "managed-ms", "swapped-spsc"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    @Param({"64"})
    public int batch;

    BatchChannel channel;
    Backlog backlog;

    /**
     * The producer's counts: elements added, calls that added nothing (full), calls the harness held back; counted
     * only while JMH measures, as in {@link OfferCounters}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class FillCounters {
        public long filled;
        public long fillFailed;
        public long fillHeld;
        long sent;
        long allowance;
        int recheckIn;

        @Setup(Level.Iteration)
        public void reset() {
            filled = 0;
            fillFailed = 0;
            fillHeld = 0;
            sent = 0;
            allowance = 0;
            recheckIn = 0;
        }
    }

    /** The consumer's counts and its sink. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class DrainCounters {
        public long drained;
        public long drainFailed;
        long taken;
        BatchChannel.Sink sink;

        @Setup(Level.Trial)
        public void sink(Blackhole blackhole) {
            sink = new BatchChannel.Sink(blackhole);
        }

        @Setup(Level.Iteration)
        public void reset() {
            drained = 0;
            drainFailed = 0;
            taken = 0;
        }
    }

    @Setup(Level.Iteration)
    public void create() {
        channel = BatchChannel.of(queue, capacity);
        backlog = new Backlog();
    }

    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void fill(FillCounters counters, Control control) {
        fillStep(channel, backlog, batch, counters, control);
    }

    /** The producer's step: one fill of up to {@code batch}, unless the backlog holds it back. */
    static void fillStep(BatchChannel channel, Backlog backlog, int batch, FillCounters counters, Control control) {
        if (counters.sent >= counters.allowance && held(backlog, counters)) {
            if (Transfer.measuring(control)) {
                counters.fillHeld++;
            }
            return;
        }
        int added = channel.fill(batch);
        counters.sent += added;
        backlog.addedUpTo(0, counters.sent);
        if (Transfer.measuring(control)) {
            if (added == 0) {
                counters.fillFailed++;
            }
            counters.filled += added;
        }
    }

    /** As {@code Transfer.held}: reads the backlog again only every {@link Backlog#RECHECK}-th call while held. */
    private static boolean held(Backlog backlog, FillCounters counters) {
        if (counters.recheckIn > 0) {
            counters.recheckIn--;
            return true;
        }
        counters.allowance = backlog.allowance(counters.sent, 1);
        if (counters.sent < counters.allowance) {
            return false;
        }
        counters.recheckIn = Backlog.RECHECK;
        return true;
    }

    @Benchmark
    @Group("batch")
    @GroupThreads(1)
    public void drain(DrainCounters counters, Control control) {
        drainStep(channel, backlog, batch, counters, control);
    }

    /** The consumer's step: one drain of up to {@code batch} into the Blackhole. */
    static void drainStep(BatchChannel channel, Backlog backlog, int batch, DrainCounters counters, Control control) {
        int taken = channel.drain(counters.sink, batch);
        if (taken != 0) {
            counters.taken += taken;
            backlog.consumedUpTo(counters.taken);
        }
        if (Transfer.measuring(control)) {
            if (taken == 0) {
                counters.drainFailed++;
            }
            counters.drained += taken;
        }
    }
}
