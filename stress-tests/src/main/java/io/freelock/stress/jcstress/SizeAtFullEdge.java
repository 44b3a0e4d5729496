package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.freelock.queue.ConcurrentQueue;

/**
 * size() on a full ring while an offer and a poll race. Results: r1 = the producer's offer (1 = taken), r2 =
 * size() after it, r3 = the consumer's poll, r4 = size() after it.
 */
@Description("A ring of two holds 1, 2. One producer offers 3 and reads size(); one consumer polls (it must get 1)"
        + " and reads size(). A refused offer leaves 2 or 1 for the producer to see and 1 for the consumer; a "
        + "taken offer came after the poll freed a slot, so the producer sees 2 and the consumer 1 or 2. "
        + "Forbidden: any size above the capacity (3) or below what was there (0), and any other combination.")
@Outcome(id = "0, 2, 1, 1", expect = ACCEPTABLE, desc = "refused; the producer's size ran before the poll")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "refused; the producer's size ran after the poll")
@Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "taken after the poll; the consumer's size ran before the offer")
@Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "taken after the poll; the consumer's size ran after it")
@Outcome(expect = FORBIDDEN, desc = "a size beyond the capacity or below what was there, or a wrong head")
public abstract class SizeAtFullEdge extends QueueState {

    SizeAtFullEdge(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2);
    }

    final void producerSide(IIII_Result r) {
        r.r1 = offer(3);
        r.r2 = queue.size();
    }

    final void consumerSide(IIII_Result r) {
        r.r3 = poll();
        r.r4 = queue.size();
    }

    @JCStressTest
    @State
    public static class Vyukov extends SizeAtFullEdge {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends SizeAtFullEdge {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
    }
}
