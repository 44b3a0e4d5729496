package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;

/**
 * The multi-producer hand-over on a closable queue ({@link Stage.Exit#CLOSED}): the swap closes the retired stage
 * to producers through the claim they make (the fallback queue's reservation CAS), so a producer that read the old
 * tail either claimed room before the close (its element is in the old stage, and the consumers wait for it) or is
 * refused and goes on to the new tail. Nothing counts producers in or out.
 *
 * <p>No driver is bound, so the managed queue:mpsc runs on the manager's fallback queue, which holds 1. In the
 * race, a producer offers 2 while the vyukov driver appears (bindDriver, as DS calls it), which moves the queue to
 * a vyukov stage and closes the fallback one.
 *
 * <p>Results: r1 = the offer (1 = accepted); r2 = where 2 is afterwards: 1 = the old fallback stage, 2 = the new
 * vyukov stage, 0 = nowhere; r3 = 1 if the queue moved to vyukov; r4 = 1 if the arbiter, polling, finds exactly
 * 1, 2 in that order.
 */
@JCStressTest
@State
@Description("A managed queue:mpsc on the manager's (closable) fallback holds 1. A producer offers 2 while the "
        + "vyukov driver is bound, which swaps the queue to vyukov and closes the fallback stage. The offer is "
        + "accepted by one stage or the other, and afterwards exactly 1, 2 remain, in order.")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "2 claimed room in the fallback stage before the close")
@Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE,
        desc = "2 went to the vyukov stage (read the new tail, or refused by the close)")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated, reordered, or not moved")
public class ClosedStageAgainstOffer {

    private final ManagerRig rig = new ManagerRig();
    private final ManagedQueue<Long> queue = rig.open("q", "queue:mpsc");

    public ClosedStageAgainstOffer() {
        if (!QueueManager.FALLBACK.equals(queue.driver())
                || (HotSwapQueue.behind(queue)).newest().exit != Stage.Exit.CLOSED) {
            throw new IllegalStateException("expected a CLOSED stage on the fallback, got " + queue.driver());
        }
        queue.offer(1L);
    }

    @Actor
    public void producer(IIII_Result r) {
        r.r1 = queue.offer(2L) ? 1 : 0;
    }

    @Actor
    public void binder(IIII_Result r) {
        rig.bind("vyukov");
        r.r3 = "vyukov".equals(queue.driver()) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        String holder = ManagerRig.driverHolding(queue, 2L);
        r.r2 = QueueManager.FALLBACK.equals(holder) ? 1 : "vyukov".equals(holder) ? 2 : 0;
        StringBuilder seen = new StringBuilder();
        for (Long e; (e = queue.poll()) != null; ) {
            seen.append(e);
        }
        r.r4 = seen.toString().equals("12") ? 1 : 0;
    }
}
