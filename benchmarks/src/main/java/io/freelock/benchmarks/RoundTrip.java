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
 * Round-trip latency: one thread offers an element to {@code there} and spins until it comes back on
 * {@code back}; the other spins on {@code there} and returns what it takes on {@code back}. One element is ever in
 * flight, so each queue sees an empty-to-one-element transition per trip: the cost of making one element visible
 * to the other core and seeing it, twice. The report's figure is the {@code ping} method's average time: one
 * round trip in ns. Both spin loops give up when JMH ends the iteration ({@link Control#stopMeasurement}), and new
 * queues are made per iteration, so an element left in flight at the end cannot leak into the next one. The spins
 * are bare (no {@code Thread.onSpinWait}), the same for every queue.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {Jvm.HEAP_MIN, Jvm.HEAP_MAX, Jvm.AGRONA})
public class RoundTrip {

    @Param({"freelock-spsc", "jctools-spsc", "freelock-vyukov", "jctools-mpmc"})
    public String queue;

    @Param({"1024"})
    public int capacity;

    Queue<Integer> there;
    Queue<Integer> back;

    @Setup(Level.Iteration)
    public void create() {
        there = Queues.create(queue, capacity);
        back = Queues.create(queue, capacity);
    }

    /** @return the element that came back, or null if the iteration ended first */
    @Benchmark
    @Group("rtt")
    @GroupThreads(1)
    public Integer ping(Control control) {
        // Refused only after the measurement stopped, when calls that returned early have left elements behind;
        // until then one element is in flight and the queue cannot be full.
        if (!there.offer(Transfer.ELEMENT)) {
            return null;
        }
        Integer e;
        while ((e = back.poll()) == null) {
            if (control.stopMeasurement) {
                return null;
            }
        }
        return e;
    }

    @Benchmark
    @Group("rtt")
    @GroupThreads(1)
    public void pong(Control control) {
        Integer e;
        while ((e = there.poll()) == null) {
            if (control.stopMeasurement) {
                return;
            }
        }
        back.offer(e); // cannot be refused while measuring: one element in flight (see ping)
    }
}
