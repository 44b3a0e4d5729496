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

/**
 * The capacity across a swap with several producers: a limited stage reserves room from the older stages' sizes
 * (HotSwapQueue.reserve), which is exact only if no producer can still add to an older stage once the swap has
 * returned. A producer that read the old tail before the swap may be about to add to the old stage: on a closable
 * queue ({@link Stage.Exit#CLOSED}) its claim is before the close (and counted in the old stage's size) or refused;
 * on a counted one ({@link Stage.Exit#COUNTED}) it counted itself in and saw the stage not yet retired, and its
 * element is not in the old stage's size until its offer claims a slot.
 *
 * <p>A managed queue:mpmc?capacity=2 holds 1. One producer offers 2; the other actor swaps the queue (to a new
 * vyukov stage of 2, limited because the old stage holds 1) and then offers 3. Nobody polls, so exactly one of 2
 * and 3 fits: both accepted means the queue holds 3 elements.
 *
 * <p>Results: r1, r2 = the offers of 2 and 3 (1 = accepted); r3 = how many elements the arbiter finds; r4 = 1 if
 * they are 1 and then the accepted one.
 */
public final class LateProducerAgainstLimitedStage {

    private LateProducerAgainstLimitedStage() {
    }

    abstract static class Setup {
        final ManagerRig rig;
        final ManagedQueue<Long> queue;

        /** @param exit the exit the first stage must have, so that the test tests what it says */
        Setup(ManagerRig rig, String driver, Stage.Exit exit) {
            this.rig = rig;
            queue = rig.open("q", "queue:mpmc?capacity=2");
            if (!driver.equals(queue.driver()) || queue.capacity() != 2
                    || (HotSwapQueue.behind(queue)).newest().exit != exit) {
                throw new IllegalStateException("expected a " + exit + " stage of 2 on " + driver + ", got "
                        + queue.driver() + " of " + queue.capacity() + ", "
                        + (HotSwapQueue.behind(queue)).newest().exit);
            }
            queue.offer(1L);
        }

        void judge(IIII_Result r) {
            String expected = "1" + (r.r1 == 1 ? "2" : "") + (r.r2 == 1 ? "3" : "");
            StringBuilder seen = new StringBuilder();
            int left = 0;
            for (Long e; (e = queue.poll()) != null; left++) {
                seen.append(e);
            }
            r.r3 = left;
            r.r4 = seen.toString().equals(expected) ? 1 : 0;
        }
    }

    @JCStressTest
    @State
    @Description("A managed queue:mpmc?capacity=2 on vyukov (a closed stage: VyukovQueue is closable) holds 1. A "
            + "producer offers 2 while the other actor swaps the queue to a new vyukov stage and offers 3. Exactly "
            + "one of the two offers fits.")
    @Outcome(id = "1, 0, 2, 1", expect = ACCEPTABLE, desc = "2 accepted, 3 refused: the queue is full at 2")
    @Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "3 accepted, 2 refused: the queue is full at 2")
    @Outcome(id = "1, 1, 3, 1", expect = FORBIDDEN, desc = "both accepted: the queue holds 3, over its capacity")
    @Outcome(expect = FORBIDDEN, desc = "refused with room, lost, duplicated or reordered")
    public static class FromVyukov extends Setup {
        public FromVyukov() {
            super(new ManagerRig().bind("vyukov"), "vyukov", Stage.Exit.CLOSED);
        }
        @Actor public void producer(IIII_Result r) { r.r1 = queue.offer(2L) ? 1 : 0; }
        @Actor public void swapper(IIII_Result r) { rig.manager().swap("q", "vyukov"); r.r2 = queue.offer(3L) ? 1 : 0; }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    @Description("A managed queue:mpmc?capacity=2 on a foreign driver whose queue (a Vyukov ring behind a wrapper) "
            + "is not closable, so its stage is counted, holds 1. A producer offers 2 while the other actor swaps the "
            + "queue to vyukov and offers 3. Exactly one of the two offers fits.")
    @Outcome(id = "1, 0, 2, 1", expect = ACCEPTABLE, desc = "2 accepted, 3 refused: the queue is full at 2")
    @Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "3 accepted, 2 refused: the queue is full at 2")
    @Outcome(id = "1, 1, 3, 1", expect = FORBIDDEN, desc = "both accepted: the queue holds 3, over its capacity")
    @Outcome(expect = FORBIDDEN, desc = "refused with room, lost, duplicated or reordered")
    public static class FromCounted extends Setup {
        public FromCounted() {
            super(new ManagerRig().bind("vyukov").bind(new GatedDriver(GatedDriver.Kind.VYUKOV), 21, 300), "gated",
                    Stage.Exit.COUNTED);
        }
        @Actor public void producer(IIII_Result r) { r.r1 = queue.offer(2L) ? 1 : 0; }
        @Actor public void swapper(IIII_Result r) { rig.manager().swap("q", "vyukov"); r.r2 = queue.offer(3L) ? 1 : 0; }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    @Description("A managed queue:mpmc?capacity=2 on the manager's closable fallback holds 1. A producer offers 2 "
            + "while the other actor binds the vyukov driver (which swaps the queue to it and closes the fallback "
            + "stage) and offers 3. Exactly one of the two offers fits.")
    @Outcome(id = "1, 0, 2, 1", expect = ACCEPTABLE, desc = "2 accepted, 3 refused: the queue is full at 2")
    @Outcome(id = "0, 1, 2, 1", expect = ACCEPTABLE, desc = "3 accepted, 2 refused: the queue is full at 2")
    @Outcome(id = "1, 1, 3, 1", expect = FORBIDDEN, desc = "both accepted: the queue holds 3, over its capacity")
    @Outcome(expect = FORBIDDEN, desc = "refused with room, lost, duplicated or reordered")
    public static class FromFallback extends Setup {
        public FromFallback() { super(new ManagerRig(), "fallback", Stage.Exit.CLOSED); }
        @Actor public void producer(IIII_Result r) { r.r1 = queue.offer(2L) ? 1 : 0; }
        @Actor public void swapper(IIII_Result r) { rig.bind("vyukov"); r.r2 = queue.offer(3L) ? 1 : 0; }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
