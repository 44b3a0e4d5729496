package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

import io.freelock.queue.ManagedQueue;

/**
 * The single producer's hand-over ({@link Stage.Exit#SOLE}): the producer keeps its stage in a plain field and
 * marks the stage it leaves with a release store, which the consumer reads with acquire before it moves past the
 * stage. Nothing else tells the consumer that the producer is gone, so this is where a missing fence or a wrong
 * order would lose, duplicate or reorder an element.
 *
 * <p>The producer made its first call in the constructor, so it is inside the spsc stage. In the race, its next
 * call either still finds the old tail (and adds to the spsc ring, fast path) or finds the new one (marks the spsc
 * stage left, then adds to the vyukov stage). The other actor is the consumer (the spec lets it be another thread
 * than the producer): it swaps the queue to vyukov, then polls twice. Its first poll must take 1, which the head
 * stage holds from the start; its second may take 2 from either stage or find nothing (2 not offered yet, or the
 * spsc stage empty and not yet left: then nothing newer may be taken before the producer is known to be gone).
 *
 * <p>Results: r1 = the offer of 2 (1 = accepted); r2, r3 = the consumer's polls (0 for none); r4 = where 2 is
 * afterwards: 0 = taken by the consumer, 1 = in the old spsc stage, 2 = in the new vyukov stage, 3 = nowhere;
 * r5 = 1 if what the consumer took followed by what the arbiter polls is exactly 1, 2; r6 = 1 if, before the
 * arbiter polls, an element is stranded: held by the vyukov stage while the spsc stage is not marked left, so that
 * consumers can never reach it (see ManagerRig.stranded).
 */
@JCStressTest
@State
@Description("A managed queue:spsc on the spsc driver holds 1, offered by its producer. The producer offers 2 while "
        + "the consumer swaps the queue to vyukov and polls twice. The consumer takes 1, then 2 or nothing; "
        + "afterwards exactly 1, 2 were taken or remain, in order, wherever the offer went.")
@Outcome(id = "1, 1, 2, 0, 1, 0", expect = ACCEPTABLE, desc = "the consumer took 1 then 2 (from either stage)")
@Outcome(id = "1, 1, 0, 1, 1, 0", expect = ACCEPTABLE,
        desc = "2 went to the old spsc stage (the producer read the old tail) after the consumer looked there")
@Outcome(id = "1, 1, 0, 2, 1, 0", expect = ACCEPTABLE,
        desc = "2 went to the vyukov stage after the consumer looked (or while the spsc stage was not yet left)")
@Outcome(id = "1, 1, 0, 2, 0, 1", expect = FORBIDDEN,
        desc = "2 stranded: added to the vyukov stage without the spsc stage marked left, consumers never get it")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated, reordered, or 1 not taken first")
public class ProducerLeavesStage {

    private final ManagerRig rig = new ManagerRig().bind("spsc", "vyukov");
    private final ManagedQueue<Long> queue = rig.open("q", "queue:spsc");

    public ProducerLeavesStage() {
        if (!"spsc".equals(queue.driver()) || (HotSwapQueue.behind(queue)).newest().exit != Stage.Exit.SOLE) {
            throw new IllegalStateException("expected a SOLE stage on spsc, got " + queue.driver());
        }
        queue.offer(1L); // the producer's first call: it is inside the spsc stage now
    }

    @Actor
    public void producer(IIIIII_Result r) {
        r.r1 = queue.offer(2L) ? 1 : 0;
    }

    @Actor
    public void consumer(IIIIII_Result r) {
        rig.manager().swap("q", "vyukov");
        r.r2 = take();
        r.r3 = take();
    }

    @Arbiter
    public void arbiter(IIIIII_Result r) {
        r.r6 = ManagerRig.stranded(queue) ? 1 : 0;
        String holder = ManagerRig.driverHolding(queue, 2L);
        r.r4 = r.r2 == 2 || r.r3 == 2 ? 0 : "spsc".equals(holder) ? 1 : "vyukov".equals(holder) ? 2 : 3;
        StringBuilder seen = new StringBuilder();
        seen.append(r.r2 == 0 ? "" : r.r2).append(r.r3 == 0 ? "" : r.r3);
        for (Long e; (e = queue.poll()) != null; ) {
            seen.append(e);
        }
        r.r5 = seen.toString().equals("12") ? 1 : 0;
    }

    private int take() {
        Long e = queue.poll();
        return e == null ? 0 : e.intValue();
    }
}
