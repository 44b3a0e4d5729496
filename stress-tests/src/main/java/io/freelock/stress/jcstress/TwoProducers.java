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
 * Two producers append at once. Results: r1, r2 = each offer (1 = taken), r3 = the arbiter's drain (digits).
 */
@Description("A queue with room for both holds 1. Two producers offer 2 and 3 at once. Both must be taken, each "
        + "once, after 1, in either order. Forbidden: a refused offer, a lost or duplicated element (two "
        + "producers CASing the same tail or claiming the same position), 1 not first, a torn element.")
@Outcome(id = "1, 1, 123", expect = ACCEPTABLE, desc = "the first producer linked first")
@Outcome(id = "1, 1, 132", expect = ACCEPTABLE, desc = "the second producer linked first")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated, reordered or torn")
public abstract class TwoProducers extends QueueState {

    TwoProducers(ConcurrentQueue<Item> queue) {
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
    public static class Vyukov extends TwoProducers {
        public Vyukov() { super(vyukov(4)); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends TwoProducers {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class Mpsc extends TwoProducers {
        public Mpsc() { super(mpsc()); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
