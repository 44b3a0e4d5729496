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
 * remove(Object) against poll for the last element. Results: r1 = the removal (1 = removed), r2 = the poll,
 * r3 = what the arbiter polls afterwards (digits), r4 = how many of two fresh elements the ring of two then takes
 * (the removed element's slot must have been passed, so both).
 */
@Description("A ring of two holds 1. One thread removes 1 by remove(Object) while another polls. Exactly one of "
        + "them gets it: the removal answers true and the poll finds the queue empty, or the poll returns 1 and the "
        + "removal answers false. Afterwards the queue is empty and its whole capacity usable. Forbidden: both get "
        + "it (a removed element returned by a consumer), neither does (lost), a torn element, a slot left taken.")
@Outcome(id = "1, -1, 0, 2", expect = ACCEPTABLE, desc = "the removal won")
@Outcome(id = "0, 1, 0, 2", expect = ACCEPTABLE, desc = "the poll won")
@Outcome(expect = FORBIDDEN, desc = "taken twice, lost, torn, or the slot not freed")
public abstract class RemoveAgainstPoll extends QueueState {

    private final Item last = new Item(1);

    RemoveAgainstPoll(ConcurrentQueue<Item> queue) {
        super(queue);
        if (!queue.offer(last)) {
            throw new IllegalStateException("a fresh queue refused its one element");
        }
    }

    final void removeSide(IIII_Result r) {
        r.r1 = queue.remove(last) ? 1 : 0;
    }

    final void pollSide(IIII_Result r) {
        r.r2 = poll();
    }

    /** A relaxed poll: the element is published, so it answers null only if the removal took it. */
    final void relaxedPollSide(IIII_Result r) {
        r.r2 = relaxedPoll();
    }

    final void judge(IIII_Result r) {
        r.r3 = rest();
        r.r4 = offer(2) + offer(3);
    }

    @JCStressTest
    @State
    public static class Vyukov extends RemoveAgainstPoll {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void remover(IIII_Result r) { removeSide(r); }
        @Actor public void poller(IIII_Result r) { pollSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    /** The same race with relaxedPoll, which takes by the same claim and removal handshake as poll. */
    @JCStressTest
    @State
    public static class VyukovRelaxed extends RemoveAgainstPoll {
        public VyukovRelaxed() { super(vyukov(2)); }
        @Actor public void remover(IIII_Result r) { removeSide(r); }
        @Actor public void poller(IIII_Result r) { relaxedPollSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
