package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.freelock.queue.ConcurrentQueue;

/**
 * size() and isEmpty() after a peek saw an element that is still being offered. Results: r1 = the consumer's
 * peek, r2 = its size() after that, r3 = its isEmpty() after that (1 = true).
 *
 * <p>Written for the SPSC ring's slot checks: its consumer finds an element by its slot, before the producer
 * has moved its index past it, so a size() or isEmpty() that read only the indices would miss an element the
 * same thread has just seen.
 */
@Description("An empty ring; one producer offers 1 while one consumer peeks, then reads size(), then isEmpty(). "
        + "Nobody polls, so once the consumer has seen the element (by peek or size), every later call of its "
        + "own must see it too. Forbidden: a size of 0 or an isEmpty() of true after the peek returned the "
        + "element, an isEmpty() of true after size() counted it, any size but 0 or 1, a torn element.")
@Outcome(id = "-1, 0, 1", expect = ACCEPTABLE, desc = "the consumer's three calls ran before the offer")
@Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "the offer came between size() and isEmpty()")
@Outcome(id = "-1, 1, 0", expect = ACCEPTABLE, desc = "the offer came between the peek and size()")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the offer came before the peek")
@Outcome(expect = FORBIDDEN, desc = "an element the consumer has seen is missed by its next call, or torn")
public abstract class PeekThenSize extends QueueState {

    PeekThenSize(ConcurrentQueue<Item> queue) {
        super(queue);
    }

    final void producerSide() {
        offer(1);
    }

    final void consumerSide(III_Result r) {
        r.r1 = peek();
        r.r2 = queue.size();
        r.r3 = queue.isEmpty() ? 1 : 0;
    }

    @JCStressTest
    @State
    public static class Vyukov extends PeekThenSize {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer() { producerSide(); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends PeekThenSize {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer() { producerSide(); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }
}
