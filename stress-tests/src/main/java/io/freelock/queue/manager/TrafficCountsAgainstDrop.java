package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A managed queue's traffic counts read while a consumer drops a counted stage: the stage's counts move from the
 * chain to the dropped totals, and a reader must never see them twice. Results: r1, r2 = the reader's offered
 * and polled counts; r3, r4 = both afterwards.
 */
@JCStressTest
@State
@Description("The queue held 1, 2 on vyukov (a ring that counts its own traffic) and was swapped to michaelscott "
        + "(counted per call). A consumer polls three times, taking 1 and 2 and then dropping the finished ring, "
        + "while a reader reads the counts. The reader may see the ring's counts or, for a moment, neither its "
        + "live nor its dropped ones (a low total, hidden by the running maximum later), never both; afterwards "
        + "both counts are exactly 2.")
@Outcome(id = {"2, 0, 2, 2", "2, 1, 2, 2", "2, 2, 2, 2"}, expect = ACCEPTABLE, desc = "counted once")
@Outcome(id = {"0, 0, 2, 2", "0, 1, 2, 2", "0, 2, 2, 2"}, expect = ACCEPTABLE_INTERESTING,
        desc = "read while the ring was being dropped: low for a moment")
@Outcome(expect = FORBIDDEN, desc = "counted twice, or not exact afterwards")
public class TrafficCountsAgainstDrop {

    private final HotSwapQueue<Long> queue;

    public TrafficCountsAgainstDrop() {
        SwapStep.Setup setup = new SwapStep.Setup() { };
        queue = HotSwapQueue.behind(setup.queue);
        queue.metering(true);
        queue.offer(1L);
        queue.offer(2L);
        setup.manager.swap("q", "michaelscott");
    }

    @Actor
    public void consumer() {
        queue.poll();
        queue.poll();
        queue.poll(); // finds the ring finished and moves the head past it: the ring's counts are dropped
    }

    @Actor
    public void reader(IIII_Result r) {
        r.r1 = (int) queue.offeredCount();
        r.r2 = (int) queue.polledCount();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = (int) queue.offeredCount();
        r.r4 = (int) queue.polledCount();
    }
}
