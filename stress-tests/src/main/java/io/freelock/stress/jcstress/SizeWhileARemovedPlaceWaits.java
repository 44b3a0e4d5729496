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
 * <p>Results: r1 = size() after the producer's offer of 4, r2 = the consumer's remove of 2, r3 = size() after
 * it, r4 = what the arbiter polls afterwards.
 */
@Description("A ring of four holds 1, 2, 3. The consumer removes 2 (from the middle: its place waits for the "
        + "consumer to pass it) and reads size(); the producer offers 4 and reads size(). size() must be "
        + "linearizable with both: the producer sees 4 only if its size() came before the removal, and then "
        + "the consumer's size(), after the removal and so after the offer, must be 3. Forbidden: the producer "
        + "seeing 4 and the consumer 2, any other size, and anything but 1, 3, 4 left.")
@Outcome(id = "4, 1, 3, 134", expect = ACCEPTABLE, desc = "offer, producer's size, removal, consumer's size")
@Outcome(id = "3, 1, 3, 134", expect = ACCEPTABLE, desc = "both sizes after the offer and the removal")
@Outcome(id = "3, 1, 2, 134", expect = ACCEPTABLE, desc = "removal and consumer's size before the offer")
@Outcome(expect = FORBIDDEN, desc = "sizes no order of the four calls gives, or the wrong elements left")
public abstract class SizeWhileARemovedPlaceWaits extends QueueState {

    SizeWhileARemovedPlaceWaits(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2, 3);
    }

    final void producerSide(IIII_Result r) {
        if (offer(4) != 1) {
            r.r1 = -3; // no room on a ring of four holding three: forbidden
            return;
        }
        r.r1 = queue.size();
    }

    final void consumerSide(IIII_Result r) {
        r.r2 = remove(2);
        r.r3 = queue.size();
    }

    final void judge(IIII_Result r) {
        r.r4 = rest();
    }

    @JCStressTest
    @State
    public static class SpscRing extends SizeWhileARemovedPlaceWaits {
        public SpscRing() { super(spscRing(4)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
