package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Iterator;
import java.util.List;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;

/**
 * A multi-producer driver's front (VyukovFrontQueue, MichaelScottFrontQueue) against the first swap, which redirects
 * the front, publishes the new stage and then closes the driver's queue to producers. A producer that read the flag
 * before the redirect works on that queue: it gets in before the close (its elements are in the old stage, which
 * consumers drain first), or the closed queue refuses it, and then the front must pass the call to the manager's
 * queue. A refusal there would be a false "full" from a queue that holds 1 of 4, or is unbounded.
 *
 * <p>The managed queue holds 1, in the driver's queue. The producer offers 2, then fills 3 and 4, while the other
 * actor swaps the queue to a closable driver (the manager's fallback queue under another name).
 *
 * <p>Results: r1 = the offer (1 = accepted); r2 = what the fill added; r3 = where 2 is afterwards: 1 = the front's
 * queue, 2 = the new stage, 0 = nowhere; r4 = 1 if the arbiter, polling, finds exactly 1, 2, 3, 4 in that order.
 */
public final class FrontClosedAgainstOffer {

    private FrontClosedAgainstOffer() {
    }

    abstract static class Race {
        private final ManagerRig rig;
        private final ManagedQueue<Long> queue;
        private final String driver;

        Race(String driver, String spec, boolean bounded) {
            this.driver = driver;
            rig = new ManagerRig().bind(driver).bind(new GatedDriver(GatedDriver.Kind.CLOSABLE, "closable", bounded),
                    21, 1);
            queue = rig.open("q", spec);
            if (!(queue instanceof FrontQueue) || !driver.equals(queue.driver())) {
                throw new IllegalStateException("expected the " + driver + " driver's front, got " + queue.getClass()
                        + " on " + queue.driver());
            }
            queue.offer(1L); // in the driver's queue, before any swap
        }

        void produce(IIII_Result r) {
            r.r1 = queue.offer(2L) ? 1 : 0;
            Iterator<Long> more = List.of(3L, 4L).iterator();
            r.r2 = queue.fill(more::next, 2);
        }

        void swap() {
            rig.manager().swap("q", "closable");
        }

        void judge(IIII_Result r) {
            String holder = ManagerRig.driverHolding(queue, 2L);
            r.r3 = driver.equals(holder) ? 1 : "closable".equals(holder) ? 2 : 0;
            StringBuilder seen = new StringBuilder();
            for (Long e; (e = queue.poll()) != null; ) {
                seen.append(e);
            }
            r.r4 = seen.toString().equals("1234") ? 1 : 0;
        }
    }

    @JCStressTest
    @State
    @Description("A managed queue:mpmc?capacity=4 handed out as the vyukov ring's front holds 1. A producer offers 2 "
            + "and fills 3, 4 while the queue is swapped to another driver, which closes the ring. Nothing is refused: "
            + "the queue is never full; afterwards exactly 1, 2, 3, 4 remain, in order.")
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "2 claimed its place in the ring before the close")
    @Outcome(id = "1, 2, 2, 1", expect = ACCEPTABLE,
            desc = "2 went to the new stage (the front redirected, or the closed ring refused and the front passed it on)")
    @Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated or reordered")
    public static class OnVyukov extends Race {
        public OnVyukov() {
            super("vyukov", "queue:mpmc?capacity=4", true);
        }
        @Actor public void producer(IIII_Result r) { produce(r); }
        @Actor public void swapper() { swap(); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    @Description("An unbounded managed queue:mpmc handed out as the michaelscott list's front holds 1. A producer "
            + "offers 2 and fills 3, 4 while the queue is swapped to another driver, which closes the list. Nothing is "
            + "refused; afterwards exactly 1, 2, 3, 4 remain, in order.")
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "2 was linked into the list before the close")
    @Outcome(id = "1, 2, 2, 1", expect = ACCEPTABLE,
            desc = "2 went to the new stage (the front redirected, or the closed list refused and the front passed it on)")
    @Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated or reordered")
    public static class OnMichaelScott extends Race {
        public OnMichaelScott() {
            super("michaelscott", "queue:mpmc?bounded=false", false);
        }
        @Actor public void producer(IIII_Result r) { produce(r); }
        @Actor public void swapper() { swap(); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
