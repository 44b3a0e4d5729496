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
 * An iterator made right after an offer into the slot a poll has just freed. Results: r1 = the consumer's poll,
 * r2 = the producer's offer (1 = taken), r3 = what the producer's iterator then yields (digits).
 *
 * <p>Written for the SPSC ring's slot checks: its producer finds room by seeing a slot cleared, not by reading
 * the consumer index, so an iterator that still read the old consumer index could take the new element in the
 * freed slot for the old one, and yield it first, out of order.
 */
@Description("A ring of two holds 1, 2. One consumer polls once; one producer offers 3 and then walks the queue "
        + "with an iterator. A refused offer found the ring full; the walk then yields 1, 2 or just 2 (the "
        + "consumer took 1 meanwhile). A taken offer used the slot the poll freed, so the walk yields 2, 3 in "
        + "that order. Forbidden: a wrong head; 3 before 2 or 3 twice (the new element taken for the old one in "
        + "the same slot); 2 missing (it is queued throughout); 3 missing after this thread offered it; a torn "
        + "element.")
@Outcome(id = "1, 0, 12", expect = ACCEPTABLE, desc = "refused; the walk began before the poll")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "refused; the walk began after the poll")
@Outcome(id = "1, 1, 23", expect = ACCEPTABLE, desc = "taken into the freed slot; the walk sees the new order")
@Outcome(expect = FORBIDDEN, desc = "wrong head, a later lap's element out of order, a missing element, torn")
public abstract class IteratorAtFullEdge extends QueueState {

    IteratorAtFullEdge(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2);
    }

    final void consumerSide(III_Result r) {
        r.r1 = poll();
    }

    final void producerSide(III_Result r) {
        r.r2 = offer(3);
        r.r3 = iterate();
    }

    @JCStressTest
    @State
    public static class Vyukov extends IteratorAtFullEdge {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Actor public void producer(III_Result r) { producerSide(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends IteratorAtFullEdge {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Actor public void producer(III_Result r) { producerSide(r); }
    }
}
