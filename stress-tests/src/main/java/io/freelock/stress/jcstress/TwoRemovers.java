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
 * Two remove(Object) calls of one element. Results: r1, r2 = each removal (1 = removed), r3 = what the arbiter
 * polls afterwards (digits), r4 = the size the arbiter saw before polling.
 */
@Description("A ring of two holds 1 and 2. Two threads both remove 2 at once. Exactly one answers true; 1 stays "
        + "queued, 2 is never polled, and the size leaves the removed element out. Forbidden: both true (one "
        + "element removed twice), both false (a present element not found), 1 lost, 2 polled after a removal.")
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "the first removal won")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "the second removal won")
@Outcome(expect = FORBIDDEN, desc = "removed twice or not at all, lost, or polled after its removal")
public abstract class TwoRemovers extends QueueState {

    private final Item second = new Item(2);

    TwoRemovers(ConcurrentQueue<Item> queue) {
        super(queue, 1);
        if (!queue.offer(second)) {
            throw new IllegalStateException("a fresh ring of two refused its second element");
        }
    }

    final int removeSecond() {
        return queue.remove(second) ? 1 : 0;
    }

    final void judge(IIII_Result r) {
        r.r4 = queue.size();
        r.r3 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends TwoRemovers {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void first(IIII_Result r) { r.r1 = removeSecond(); }
        @Actor public void second(IIII_Result r) { r.r2 = removeSecond(); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
