package io.freelock.benchmarks;

import java.util.Queue;

import org.openjdk.jmh.infra.Control;

/**
 * The producer's and the consumer's step in the throughput benchmarks, shared so that every queue and every
 * thread shape runs the very same code around its {@code offer} and {@code poll}. Each step is one call: a refused
 * offer or an empty poll returns at once and is counted, it never spins (spinning would hide the failure rate and
 * steal the other thread's core on a small machine).
 */
final class Transfer {

    /** What every producer adds: one preallocated object, so no benchmark measures allocating it. */
    static final Integer ELEMENT = 777;

    private Transfer() {
    }

    static void offer(Queue<Integer> queue, Backlog backlog, OfferCounters counters, int producers, Control control) {
        if (counters.sent >= counters.allowance && held(backlog, counters, producers)) {
            if (measuring(control)) {
                counters.offerHeld++;
            }
            return;
        }
        if (queue.offer(ELEMENT)) {
            backlog.addedUpTo(counters.producer, ++counters.sent);
            if (measuring(control)) {
                counters.offered++;
            }
        } else if (measuring(control)) {
            counters.offerFailed++;
        }
    }

    /** @return whether the producer must wait: its allowance is used up, even after reading the counts again */
    static boolean held(Backlog backlog, OfferCounters counters, int producers) {
        if (counters.recheckIn > 0) {
            counters.recheckIn--;
            return true;
        }
        counters.allowance = backlog.allowance(counters.sent, producers);
        if (counters.sent < counters.allowance) {
            return false;
        }
        counters.recheckIn = Backlog.RECHECK;
        return true;
    }

    /** @return the element taken, or null; JMH consumes the return value, so the poll cannot be optimised away */
    static Integer poll(Queue<Integer> queue, Backlog backlog, PollCounters counters, Control control) {
        Integer e = queue.poll();
        if (e == null) {
            if (measuring(control)) {
                counters.pollFailed++;
            }
        } else {
            backlog.consumedUpTo(++counters.taken);
            if (measuring(control)) {
                counters.polled++;
            }
        }
        return e;
    }

    /**
     * JMH divides the counters by the measured time only, but with synchronized iterations the threads also run
     * before the measurement starts (while the others arrive) and after it stops (while they leave); so a call
     * counts only between the two. Two volatile reads per call, the same for every queue.
     */
    static boolean measuring(Control control) {
        return control.startMeasurement && !control.stopMeasurement;
    }
}
