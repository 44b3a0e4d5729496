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
 * The consumer removes the last element, then polls, while a producer offers after it. Removal is the consumer's
 * operation on single-consumer queues, so it races producers, never another consumer: the producer's claim and
 * store land right behind the slot being marked removed. Results: r1 = the removal (1 = removed), r2 = the
 * consumer's poll, r3 = the offer (1 = taken), r4 = the digits the arbiter polls afterwards.
 */
@Description("A queue holding one element, 1. The consumer removes that element and then polls, while a producer "
        + "offers 2. The removed element never comes out; 2 comes out once, by the consumer's poll or the "
        + "arbiter's. Forbidden: a failed removal, the removed element returned, 2 lost or duplicated, a torn element.")
@Outcome(id = "1, 2, 1, 0", expect = ACCEPTABLE, desc = "the offer came before the poll: the poll took 2")
@Outcome(id = "1, -1, 1, 2", expect = ACCEPTABLE, desc = "the poll came before the offer's claim: found nothing")
@Outcome(expect = FORBIDDEN, desc = "not removed, removed but returned, lost, duplicated or torn")
public abstract class RemoveAgainstOffer extends QueueState {

    private final Item last = new Item(1);

    RemoveAgainstOffer(ConcurrentQueue<Item> queue) {
        super(queue);
        queue.offer(last);
    }

    final void consumerSide(IIII_Result r) {
        r.r1 = queue.remove(last) ? 1 : 0;
        r.r2 = poll();
    }

    final void producerSide(IIII_Result r) {
        r.r3 = offer(2);
    }

    final void judge(IIII_Result r) {
        r.r4 = rest();
    }

    @JCStressTest
    @State
    public static class Mpsc extends RemoveAgainstOffer {
        public Mpsc() { super(mpsc()); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
