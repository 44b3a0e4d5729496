package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;

/**
 * The front's hand-over (io.freelock.queue.FrontQueue): a managed queue:spsc opened on the spsc driver is handed
 * out as the driver's ring itself, whose offers and polls work on the ring until the first swap redirects them to
 * the manager's queue. The flag is read opaquely, so a call may miss the redirect and still work on the ring, which
 * the manager then treats as a retired stage. {@link ProducerLeavesStage} races the producer against a swap; here
 * the consumer is the one that may miss it.
 *
 * <p>The queue holds 1 from the start (offered through the front, on the ring). The producer swaps the queue to
 * vyukov (an operator's call made on its thread) and offers 2, which goes to the vyukov stage; the consumer polls
 * twice, through the ring or through the manager, whichever it finds. It must take 1 first (the ring is the head
 * stage until it is finished), then 2 or nothing; afterwards exactly 1, 2 were taken or remain, in order.
 *
 * <p>Results: r1 = the offer of 2 (1 = accepted); r2, r3 = the consumer's polls (0 for none); r4 = 1 if what the
 * consumer took followed by what the arbiter polls is exactly 1, 2; r5 = 1 if an element is stranded before the
 * arbiter polls (see ManagerRig.stranded). (Three actors, one each for the swap, the offer and the polls, would need
 * three CPUs, which jcstress requires and this project's machines do not have.)
 */
@JCStressTest
@State
@Description("A managed queue:spsc handed out as the spsc ring's front holds 1. The producer swaps the queue to "
        + "vyukov and offers 2 while the consumer polls twice: 1 then 2 or nothing, and 1, 2 in all.")
@Outcome(id = "1, 1, 2, 1, 0", expect = ACCEPTABLE, desc = "the consumer took 1 then 2 (through the ring or the manager)")
@Outcome(id = "1, 1, 0, 1, 0", expect = ACCEPTABLE,
        desc = "2 not yet offered, or the consumer still found the ring (empty, not yet known to be left)")
@Outcome(id = "1, 1, 0, 1, 1", expect = FORBIDDEN,
        desc = "2 stranded: on the vyukov stage while the ring is not marked left, consumers never get it")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated, reordered, or 1 not taken first")
public class FrontRedirectAgainstCalls {

    private final ManagerRig rig = new ManagerRig().bind("spsc", "vyukov");
    private final ManagedQueue<Long> queue = rig.open("q", "queue:spsc");

    public FrontRedirectAgainstCalls() {
        if (!(queue instanceof FrontQueue)) {
            throw new IllegalStateException("expected the spsc driver's front, got " + queue.getClass());
        }
        queue.offer(1L); // on the ring, before any swap
    }

    @Actor
    public void producer(IIIII_Result r) {
        rig.manager().swap("q", "vyukov");
        r.r1 = queue.offer(2L) ? 1 : 0;
    }

    @Actor
    public void consumer(IIIII_Result r) {
        r.r2 = take();
        r.r3 = take();
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        r.r5 = ManagerRig.stranded(queue) ? 1 : 0;
        StringBuilder seen = new StringBuilder();
        seen.append(r.r2 == 0 ? "" : r.r2).append(r.r3 == 0 ? "" : r.r3);
        for (Long e; (e = queue.poll()) != null; ) {
            seen.append(e);
        }
        r.r4 = seen.toString().equals("12") ? 1 : 0;
    }

    private int take() {
        Long e = queue.poll();
        return e == null ? 0 : e.intValue();
    }
}
