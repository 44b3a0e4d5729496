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
 * The capacity across a swap: a stage made while an older one holds elements is limited, and takes only what leaves
 * the whole chain within the capacity (HotSwapQueue.reserve), so that an empty new ring of 2 behind a full old
 * ring of 2 does not make a queue of 4.
 *
 * <p>A managed queue:spsc?capacity=2 on the spsc driver is full with 1, 2. In the race, the producer offers 3, then
 * 4; the consumer swaps the queue to vyukov (a new, empty ring of 2) and polls once. The consumer makes room for
 * one element at most, so at most one of 3 and 4 may be accepted, and only after that poll: two accepted would mean
 * the queue held 3 elements after the poll. With one offer the overflow would not show in the outcome (2 held, 1
 * taken, 1 accepted is the same end state whether or not the poll came first); the second offer makes it show. The
 * consumer's poll always takes 1, which the head stage holds from the start.
 *
 * <p>Results: r1, r2 = the offers of 3 and 4 (1 = accepted); r3 = the consumer's poll (0 for none); r4 = how many
 * elements the arbiter finds left; r5 = 1 if the poll's element followed by what is left is exactly 1, 2 and then
 * the accepted ones in order; r6 = 1 if, before the arbiter polls, an element is stranded: held by the vyukov
 * stage while the spsc stage is not marked left, so that consumers can never reach it (see ManagerRig.stranded).
 */
@JCStressTest
@State
@Description("A managed queue:spsc?capacity=2 on spsc is full with 1, 2. The producer offers 3, then 4, while the "
        + "consumer swaps the queue to vyukov and polls once. At most one of 3 and 4 is accepted (the poll makes "
        + "room for one); the queue never holds more than 2, and keeps its order.")
@Outcome(id = "0, 0, 1, 1, 1, 0", expect = ACCEPTABLE,
        desc = "both refused: the poll came after the offers (or the room it made was not seen)")
@Outcome(id = "1, 0, 1, 2, 1, 0", expect = ACCEPTABLE, desc = "3 accepted after the poll made room, 4 refused")
@Outcome(id = "0, 1, 1, 2, 1, 0", expect = ACCEPTABLE, desc = "3 refused, 4 accepted after the poll made room")
@Outcome(id = "1, 0, 1, 1, 0, 1", expect = FORBIDDEN,
        desc = "3 stranded: added to the vyukov stage without the spsc stage marked left, consumers never get it")
@Outcome(expect = FORBIDDEN, desc = "more than 2 held, lost, duplicated, reordered, or 1 not taken")
public class LimitedStage {

    private final ManagerRig rig = new ManagerRig().bind("spsc", "vyukov");
    private final ManagedQueue<Long> queue = rig.open("q", "queue:spsc?capacity=2");

    public LimitedStage() {
        if (!"spsc".equals(queue.driver()) || queue.capacity() != 2) {
            throw new IllegalStateException("expected spsc of capacity 2, got " + queue.driver() + " of "
                    + queue.capacity());
        }
        if (!queue.offer(1L) || !queue.offer(2L) || queue.offer(9L)) {
            throw new IllegalStateException("the queue did not fill up at 2");
        }
    }

    @Actor
    public void producer(IIIIII_Result r) {
        r.r1 = queue.offer(3L) ? 1 : 0;
        r.r2 = queue.offer(4L) ? 1 : 0;
    }

    @Actor
    public void consumer(IIIIII_Result r) {
        rig.manager().swap("q", "vyukov");
        Long e = queue.poll();
        r.r3 = e == null ? 0 : e.intValue();
    }

    @Arbiter
    public void arbiter(IIIIII_Result r) {
        r.r6 = ManagerRig.stranded(queue) ? 1 : 0;
        String expected = "12" + (r.r1 == 1 ? "3" : "") + (r.r2 == 1 ? "4" : "");
        StringBuilder seen = new StringBuilder();
        if (r.r3 != 0) {
            seen.append(r.r3);
        }
        int left = 0;
        for (Long e; (e = queue.poll()) != null; left++) {
            seen.append(e);
        }
        r.r4 = left;
        r.r5 = seen.toString().equals(expected) ? 1 : 0;
    }
}
