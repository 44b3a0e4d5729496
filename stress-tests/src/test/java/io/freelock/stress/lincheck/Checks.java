package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The Lincheck configurations every queue's test uses, sized so that the eight runs (model checking and stress
 * for four queues) take about two minutes together on a 2-core machine. Small scenarios are enough: the
 * interleavings that break a queue involve two or three operations per thread around a tiny ring's edges, and
 * the Vyukov ring's non-linearizable poll and offer were found by model checking with these settings.
 */
final class Checks {

    private Checks() {
    }

    /**
     * Model checking: Lincheck runs the threads under its own scheduler, switching at every shared-memory access
     * it instruments, and explores many interleavings of each scenario. It assumes sequential consistency, so it
     * finds logic races, not reorderings; jcstress covers those.
     */
    static ModelCheckingOptions modelChecking(Class<?> specification, int threads) {
        return new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(300)
                .threads(threads)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(specification);
    }

    /** Stress: the same kind of scenarios on real threads, many times each. */
    static StressOptions stress(Class<?> specification, int threads) {
        return new StressOptions()
                .iterations(15)
                .invocationsPerIteration(300)
                .threads(threads)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(specification);
    }
}
