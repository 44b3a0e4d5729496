package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The hand-over of the Michael-Scott queue's lazy tail. After one offer into an empty queue the tail still points at
 * the first dummy (it moves only every second hop), and a consumer never reads the tail, so a poll moves the head
 * past it and links the dummy to itself. A producer that then starts from that tail must find the self-link and go
 * on from the head, and the tail it moves must never lose or reorder what follows. Results: r1, r2 = the consumer's
 * two polls, r3 = what the arbiter polls afterwards (digits).
 */
@Description("A queue holds 1, its tail a hop behind. A consumer polls twice while a producer offers 2, then 3. "
        + "Forbidden: 1 not first, 2 or 3 lost or duplicated, 3 before 2, a torn element.")
@Outcome(id = "1, -1, 23", expect = ACCEPTABLE, desc = "the second poll came before 2 was linked")
@Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "the second poll took 2")
@Outcome(expect = FORBIDDEN, desc = "lost, duplicated, reordered or torn")
@JCStressTest
@State
public class LaggingTail extends QueueState {

    public LaggingTail() {
        super(michaelScott(), 1);
    }

    @Actor
    public void consumer(III_Result r) {
        r.r1 = poll();
        r.r2 = poll();
    }

    @Actor
    public void producer() {
        queue.offer(new Item(2));
        queue.offer(new Item(3));
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = rest();
    }
}
