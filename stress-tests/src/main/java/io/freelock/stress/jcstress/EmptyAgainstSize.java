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
 * isEmpty() right after a poll, against size() right after an offer: store buffering, as in
 * {@link SizeWithinBounds}, with isEmpty() on one side. Results: r1 = the producer's size(), r2 = the consumer's
 * poll, r3 = its isEmpty() (1 = true).
 *
 * <p>This test found that SpscRingQueue.isEmpty() was not linearizable either: without a fence, "2, 1, 1" came up
 * in 1.2% of the samples on the index-based ring and 0.5% on the slot-checking one. isEmpty() now starts with a
 * full fence, as size() does.
 */
@Description("A ring holds 1. One producer offers 2 and then reads size(); one consumer polls (it must get 1) and "
        + "then reads isEmpty(). The producer's size() is 2 only if it ran before the poll; the consumer's "
        + "isEmpty() is true only if it ran after the poll and before the offer. Forbidden: both together (each "
        + "side read the other's state from before its last store, and no order of the four calls gives "
        + "that), a size other than 1 or 2, a wrong head.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "offer, size, poll, isEmpty")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "offer and poll, then size and isEmpty")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "poll, isEmpty, offer, size")
@Outcome(id = "2, 1, 1", expect = FORBIDDEN, desc = "not linearizable: no order of the calls gives these answers")
@Outcome(expect = FORBIDDEN, desc = "a size no moment of the call had, or a wrong head")
public abstract class EmptyAgainstSize extends QueueState {

    EmptyAgainstSize(ConcurrentQueue<Item> queue) {
        super(queue, 1);
    }

    final void producerSide(III_Result r) {
        offer(2);
        r.r1 = queue.size();
    }

    final void consumerSide(III_Result r) {
        r.r2 = poll();
        r.r3 = queue.isEmpty() ? 1 : 0;
    }

    @JCStressTest
    @State
    public static class Vyukov extends EmptyAgainstSize {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends EmptyAgainstSize {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }
}
