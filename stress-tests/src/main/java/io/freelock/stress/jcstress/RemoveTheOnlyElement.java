package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.freelock.queue.ConcurrentQueue;

/**
 * Removal by the single consumer racing the producer: on a single-consumer queue removal is a consumer's operation,
 * so the race that matters is with the producer, whose offer may land in the place a removal frees, or next to a
 * removed place the consumer has not yet passed.
 *
 * <p>Results: r1 = the producer's offer of 2 (1 = taken), r2 = the consumer's remove of 1, r3 = its poll after
 * that, r4 = what the arbiter polls afterwards (digits; 0 = nothing; -1 = found nothing; -2 = torn).
 */
@Description("A ring of one slot holds 1. The consumer removes 1 (the only element, so its slot is freed at "
        + "once) and then polls, while the producer offers 2 into that same slot. The offer is refused if it "
        + "came before the removal freed the slot; otherwise 2 is polled by the consumer or left for the "
        + "arbiter. Forbidden: the removal failing, 1 coming out after its removal, 2 lost or torn (the "
        + "producer wrote over a slot not yet free, or read it free before the consumer was done with it).")
@Outcome(id = "0, 1, -1, 0", expect = ACCEPTABLE, desc = "offered before the slot was free: refused")
@Outcome(id = "1, 1, 2, 0", expect = ACCEPTABLE, desc = "offered into the freed slot before the poll")
@Outcome(id = "1, 1, -1, 2", expect = ACCEPTABLE, desc = "offered into the freed slot after the poll")
@Outcome(expect = FORBIDDEN, desc = "a failed removal, a removed element polled, or 2 lost or torn")
public abstract class RemoveTheOnlyElement extends QueueState {

    RemoveTheOnlyElement(ConcurrentQueue<Item> queue) {
        super(queue, 1);
    }

    final void producerSide(IIII_Result r) {
        r.r1 = offer(2);
    }

    final void consumerSide(IIII_Result r) {
        r.r2 = remove(1);
        r.r3 = poll();
    }

    final void judge(IIII_Result r) {
        r.r4 = rest();
    }

    @JCStressTest
    @State
    public static class SpscRing extends RemoveTheOnlyElement {
        public SpscRing() { super(spscRing(1)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
