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
 * Two producers claim positions at once, and one of them is also the single consumer: right after its own offer it
 * polls twice, and may meet the other producer's window between its claim (its getAndAdd) and its store. There it
 * must wait, neither answering empty nor passing the claimed slot, though its own element lies behind it. (Two
 * actors, not three: jcstress runs no more actors than this machine has cores.) Results: r1, r2 = each offer (1 =
 * taken), r3 = the digits of the second producer's two polls, r4 = the digits the arbiter polls afterwards.
 */
@Description("An empty queue. Producer A offers 1; producer B, the consumer, offers 2 and then polls twice. B's polls "
        + "find 2 at least, and 1 first if A claimed first. Forbidden: a refused offer, a poll that passes A's "
        + "claimed slot or answers empty before B's own element (1 or 2 lost, out of claim order), a duplicate, a "
        + "torn element.")
@Outcome(id = "1, 1, 12, 0", expect = ACCEPTABLE, desc = "A claimed first: B waited for 1 if need be, then took 2")
@Outcome(id = "1, 1, 21, 0", expect = ACCEPTABLE, desc = "B claimed first, A's element was in by B's second poll")
@Outcome(id = "1, 1, 2, 1", expect = ACCEPTABLE, desc = "B claimed first, A claimed after B's second poll")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, passed, duplicated or torn")
public abstract class ClaimWindow extends QueueState {

    ClaimWindow(ConcurrentQueue<Item> queue) {
        super(queue);
    }

    final void producerSide(IIII_Result r) {
        r.r1 = offer(1);
    }

    final void producerAndConsumerSide(IIII_Result r) {
        r.r2 = offer(2);
        r.r3 = pollTwice();
    }

    final void judge(IIII_Result r) {
        r.r4 = rest();
    }

    @JCStressTest
    @State
    public static class Mpsc extends ClaimWindow {
        public Mpsc() { super(mpsc()); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void producerAndConsumer(IIII_Result r) { producerAndConsumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
