package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.freelock.queue.ConcurrentQueue;

/**
 * size() on a linked queue while an offer and a poll race. Results: r1 = size() after the producer's offer, r2 =
 * the consumer's poll, r3 = size() after that poll.
 */
@Description("A linked queue holds 1. One producer offers 2 and then reads size(); one consumer polls (it must get"
        + " 1) and then reads size(). A linked queue counts by walking the list, as ConcurrentLinkedQueue does,"
        + " and its size() is documented as exact only when quiescent; still, the producer can only see 1 or 2 "
        + "and the consumer 0 or 1, because each size() runs after its own thread's call. The pair 2 and 0 is "
        + "no order of the calls (see SizeWithinBounds) but is allowed for a walked count under concurrency, so"
        + " it is acceptable and flagged as interesting. Forbidden: a size outside those bounds, or a wrong "
        + "head.")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "poll, size, offer, size")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "poll and offer, then both sizes")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "offer, size, poll, size")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "a walked count that no order of the calls gives: documented estimate")
@Outcome(expect = FORBIDDEN, desc = "a size outside the bounds, or a wrong head")
public abstract class WalkedSizeWithinBounds extends QueueState {

    WalkedSizeWithinBounds(ConcurrentQueue<Item> queue) {
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
    public static class MichaelScott extends WalkedSizeWithinBounds {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }

    @JCStressTest
    @State
    public static class SpscLinked extends WalkedSizeWithinBounds {
        public SpscLinked() { super(spscLinked()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
    }
}
