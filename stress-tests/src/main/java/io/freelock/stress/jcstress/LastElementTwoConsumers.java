package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.freelock.queue.ConcurrentQueue;

/**
 * Two consumers race for the last element. Results: r1, r2 = each poll (-1 = nothing), r3 = what the arbiter
 * polls afterwards (digits).
 */
@Description("A queue holds 1. Two consumers poll at once. Exactly one gets it, the other finds the queue empty. "
        + "Forbidden: both get it (a duplicate), neither does (lost, or a false empty with the element still "
        + "queued), a torn element.")
@Outcome(id = "1, -1, 0", expect = ACCEPTABLE, desc = "the first consumer won")
@Outcome(id = "-1, 1, 0", expect = ACCEPTABLE, desc = "the second consumer won")
@Outcome(expect = FORBIDDEN, desc = "duplicate, lost, false empty or torn")
public abstract class LastElementTwoConsumers extends QueueState {

    LastElementTwoConsumers(ConcurrentQueue<Item> queue) {
        super(queue, 1);
    }

    final void firstSide(III_Result r) {
        r.r1 = poll();
    }

    final void secondSide(III_Result r) {
        r.r2 = poll();
    }

    final void judge(III_Result r) {
        r.r3 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends LastElementTwoConsumers {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends LastElementTwoConsumers {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
