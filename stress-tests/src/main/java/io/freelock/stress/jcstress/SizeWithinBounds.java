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
 * size() on a ring while an offer and a poll race. Results: r1 = size() after the producer's offer, r2 = the
 * consumer's poll, r3 = size() after that poll.
 *
 * <p>This test found that SpscRingQueue.size() was not linearizable: its index stores are releases, which may
 * sit in a store buffer past the size() reads that follow, so the producer and the consumer each read the
 * other's old index and "2, 1, 0" came up in about 6% of the samples. size() now starts with a full fence. (The
 * ring now finds elements and room by its slots, and size() reads the edge slots as well as the indices; the
 * fence is needed all the same, for the same reason: {@link EmptyAgainstSize} shows it for isEmpty().)
 */
@Description("A ring holds 1. One producer offers 2 and then reads size(); one consumer polls (it must get 1) and "
        + "then reads size(). A ring's size() is linearizable (the size the queue had at some moment of the "
        + "call), so the producer sees 2 (before the poll) or 1, the consumer 0 (before "
        + "the offer) or 1. Forbidden: any size outside those; and 2 with 0 together: the producer's 2 puts its"
        + " size() before the poll, the consumer's 0 puts its size() after the poll but before the offer, and "
        + "the offer came before the producer's size(): no single order of the four calls gives both.")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "poll, size, offer, size")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "poll and offer, then both sizes")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "offer, size, poll, size")
@Outcome(id = "2, 1, 0", expect = FORBIDDEN, desc = "not linearizable: no order of the calls gives these sizes")
@Outcome(expect = FORBIDDEN, desc = "a size no moment of the call had, or a wrong head")
public abstract class SizeWithinBounds extends QueueState {

    SizeWithinBounds(ConcurrentQueue<Item> queue) {
        super(queue, 1);
    }

    final void producerSide(III_Result r) {
        offer(2);
        r.r1 = queue.size();
    }

    final void consumerSide(III_Result r) {
        r.r2 = poll();
        r.r3 = queue.size();
    }

    @JCStressTest
    @State
    public static class Vyukov extends SizeWithinBounds {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends SizeWithinBounds {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }
}
