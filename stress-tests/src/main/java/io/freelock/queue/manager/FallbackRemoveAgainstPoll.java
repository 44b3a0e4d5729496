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
 * The fallback queue's removal against a poll of its last element: both CAS the one node's item (to null for the
 * poll, to REMOVED for the removal), so exactly one of them gets the element, and the queue is empty after.
 *
 * <p>Results: r1 = what the poll took (0 for nothing), r2 = 1 if the removal succeeded, r3 = the size afterwards.
 */
@JCStressTest
@State
@Description("The fallback queue holds one element; one thread polls while another removes it: one of them gets it.")
@Outcome(id = "7, 0, 0", expect = ACCEPTABLE, desc = "the poll took it; the removal found nothing")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the removal took it; the poll found nothing")
@Outcome(id = "7, 1, 0", expect = FORBIDDEN, desc = "both got the element")
@Outcome(expect = FORBIDDEN, desc = "lost, or the size is wrong")
public class FallbackRemoveAgainstPoll {

    private final FallbackQueue<Long> queue = FallbackQueue.forSpec(QueueSpec.parse("queue:mpmc?capacity=4"));

    public FallbackRemoveAgainstPoll() {
        queue.offer(7L);
    }

    @Actor
    public void consumer(III_Result r) {
        Long e = queue.poll();
        r.r1 = e == null ? 0 : e.intValue();
    }

    @Actor
    public void remover(III_Result r) {
        r.r2 = queue.remove(7L) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = queue.size() + (queue.poll() == null ? 0 : 100);
    }
}
