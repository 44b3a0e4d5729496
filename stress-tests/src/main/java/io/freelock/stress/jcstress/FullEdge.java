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
 * The full edge of a bounded ring. Results: r1 = the producer's offer (1 = taken), r2 = the consumer's poll, r3
 * = what the arbiter polls afterwards (digits; 0 = nothing).
 */
@Description("A ring of two holds 1, 2. One producer offers 3 while one consumer polls. If the offer finds the "
        + "ring full before the consumer has claimed 1, it is refused and 2 is left; if the consumer has "
        + "claimed 1, the offer takes the freed slot (a Vyukov ring waits for a consumer between its claim and "
        + "its release rather than report a full ring that is not) and 2, 3 are left in order. Forbidden: the "
        + "poll not returning 1 (the head), an offer taken with nothing freed (overwriting a live element), a "
        + "lost, duplicated, reordered or torn element.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "the ring was full when offered")
@Outcome(id = "1, 1, 23", expect = ACCEPTABLE, desc = "the offer took the slot the poll freed")
@Outcome(expect = FORBIDDEN, desc = "wrong head, overwrite, loss, duplicate, disorder or torn element")
public abstract class FullEdge extends QueueState {

    FullEdge(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2);
    }

    final void producerSide(III_Result r) {
        r.r1 = offer(3);
    }

    final void consumerSide(III_Result r) {
        r.r2 = poll();
    }

    final void judge(III_Result r) {
        r.r3 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends FullEdge {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends FullEdge {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
