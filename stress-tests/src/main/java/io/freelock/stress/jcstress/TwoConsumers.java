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
 * Two consumers take from a queue of two. Results: r1, r2 = each poll, r3 = what the arbiter polls afterwards
 * (digits).
 */
@Description("A queue holds 1, 2. Two consumers poll at once. Each must get one element, a different one; neither "
        + "may find the queue empty (there is an element for each), and nothing may be left. Forbidden: a "
        + "duplicate (two consumers taking one position), a null while an element was there for it, a leftover,"
        + " a torn element.")
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "the first consumer took the head")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "the second consumer took the head")
@Outcome(expect = FORBIDDEN, desc = "duplicate, false empty, leftover or torn")
public abstract class TwoConsumers extends QueueState {

    TwoConsumers(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2);
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
    public static class Vyukov extends TwoConsumers {
        public Vyukov() { super(vyukov(4)); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends TwoConsumers {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
