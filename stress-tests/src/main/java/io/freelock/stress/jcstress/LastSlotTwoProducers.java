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
 * Two producers race for the last free slot. Results: r1, r2 = each offer (1 = taken), r3 = the arbiter's drain
 * (digits).
 */
@Description("A Vyukov ring of two holds 1. Two producers offer 2 and 3 at once. Exactly one wins the last slot; "
        + "the other must be refused, and must not be refused while the slot is still free (both refused would "
        + "mean a full report on a ring that had room). Forbidden: both taken (three elements in a ring of "
        + "two), both refused, a lost or torn element.")
@Outcome(id = "1, 0, 12", expect = ACCEPTABLE, desc = "the first producer won the slot")
@Outcome(id = "0, 1, 13", expect = ACCEPTABLE, desc = "the second producer won the slot")
@Outcome(expect = FORBIDDEN, desc = "overfilled, falsely full, lost or torn")
public abstract class LastSlotTwoProducers extends QueueState {

    LastSlotTwoProducers(ConcurrentQueue<Item> queue) {
        super(queue, 1);
    }

    final void firstSide(III_Result r) {
        r.r1 = offer(2);
    }

    final void secondSide(III_Result r) {
        r.r2 = offer(3);
    }

    final void judge(III_Result r) {
        r.r3 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends LastSlotTwoProducers {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
