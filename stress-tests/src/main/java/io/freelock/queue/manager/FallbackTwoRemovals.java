package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.freelock.queue.QueueSpec;

/**
 * Two removals of the one element the fallback queue holds between two others: one CAS of the node's item wins, so
 * exactly one answers true, and the others stay, in order.
 *
 * <p>Results: r1, r2 = 1 if each removal succeeded; r3 = 1 if the queue then polls exactly 1, 3.
 */
@JCStressTest
@State
@Description("The fallback queue holds 1, 2, 3; two threads remove 2 at once: one succeeds, and 1, 3 remain.")
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "one removal won; the rest is untouched")
@Outcome(expect = FORBIDDEN, desc = "both or neither removed it, or another element was lost")
public class FallbackTwoRemovals {

    private final FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=4"));

    public FallbackTwoRemovals() {
        queue.offer(1L);
        queue.offer(2L);
        queue.offer(3L);
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = queue.remove(2L) ? 1 : 0;
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = queue.remove(2L) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        boolean rest = queue.size() == 2 && Long.valueOf(1L).equals(queue.poll()) && Long.valueOf(3L).equals(queue.poll())
                && queue.poll() == null;
        r.r3 = rest ? 1 : 0;
    }
}
