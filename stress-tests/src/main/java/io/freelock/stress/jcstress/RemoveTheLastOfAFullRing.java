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
 * <p>Results: r1 = the producer's offer of 3, r2 = the consumer's remove of 2, r3 = its poll after that, r4 = what
 * the arbiter polls afterwards.
 */
@Description("A full ring of two holds 1, 2. The consumer removes 2, the last element (its place stays taken "
        + "until the consumer passes it), then polls 1, which frees the first slot; the producer offers 3, "
        + "which fits only once 1 is polled. Forbidden: 2 coming out, 1 not polled, 3 lost, or the removed "
        + "place taken for 3's (the arbiter then polls something other than 3 or nothing).")
@Outcome(id = "0, 1, 1, 0", expect = ACCEPTABLE, desc = "offered before the poll freed a slot: refused")
@Outcome(id = "1, 1, 1, 3", expect = ACCEPTABLE, desc = "offered after the poll: 3 behind the removed place")
@Outcome(expect = FORBIDDEN, desc = "a removed element polled, an element lost, or out of order")
public abstract class RemoveTheLastOfAFullRing extends QueueState {

    RemoveTheLastOfAFullRing(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2);
    }

    final void producerSide(IIII_Result r) {
        r.r1 = offer(3);
    }

    final void consumerSide(IIII_Result r) {
        r.r2 = remove(2);
        r.r3 = poll();
    }

    final void judge(IIII_Result r) {
        r.r4 = rest();
    }

    @JCStressTest
    @State
    public static class SpscRing extends RemoveTheLastOfAFullRing {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
