package io.freelock.queue.manager;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Map;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.michaelscott.MichaelScottDriver;
import io.freelock.queue.testkit.DriverServices;
import io.freelock.queue.vyukov.VyukovDriver;

/**
 * The manager's swap step racing a producer or a consumer, by operator swap and by a driver going away. In
 * this package because the manager's driver callbacks are package-private, as DS calls them. Results: r1, r2
 * = the producer's offer and the swap's completion, or the consumer's two polls (0 for none); r3 = 1 if the
 * consumer's elements followed by what is left are exactly what was offered, in order.
 */
public final class SwapStep {

    private SwapStep() {
    }

    /** A manager with the vyukov and michaelscott drivers, and a managed MPSC queue on vyukov. */
    abstract static class Setup {
        final HotSwapQueueManager manager = new HotSwapQueueManager();
        final QueueDriver vyukov = new VyukovDriver();
        final Map<String, Object> vyukovProperties = DriverServices.properties(vyukov, 1, 200);
        final ManagedQueue<Long> queue;

        Setup() {
            manager.bindDriver(vyukov, vyukovProperties);
            QueueDriver michaelScott = new MichaelScottDriver();
            manager.bindDriver(michaelScott, DriverServices.properties(michaelScott, 2, 100));
            queue = manager.open("q", QueueSpec.parse("queue:mpsc"));
        }

        int take() {
            Long e = queue.poll();
            return e == null ? 0 : e.intValue();
        }

        void goAway() {
            manager.unbindDriver(vyukov, vyukovProperties);
        }

        /**
         * @param taken what the consumer actor took, in order (0 for none)
         * @return 1 if those, then what is left, are exactly {@code expected}, else 0
         */
        int judge(String expected, int... taken) {
            StringBuilder seen = new StringBuilder();
            for (int e : taken) {
                if (e != 0) {
                    seen.append(e);
                }
            }
            for (Long e; (e = queue.poll()) != null; ) {
                seen.append(e);
            }
            return seen.toString().equals(expected) ? 1 : 0;
        }
    }

    // jcstress runs two actors at most on two cores, so each race is a pair: the swap against an offer, and
    // the swap against polls. The producer of every element is the state's constructor or one actor.

    @JCStressTest
    @State
    @Description("The queue holds 1 on vyukov. An operator swaps it to michaelscott while a producer offers 2. "
            + "Afterwards it holds 1 then 2: the offer lands in the old queue (counted in, drained first) or in the new.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "offered, and 1 then 2 remain")
    @Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated or reordered")
    public static class SwapAgainstOffer extends Setup {
        public SwapAgainstOffer() { queue.offer(1L); }
        @Actor public void producer(III_Result r) { r.r1 = queue.offer(2L) ? 1 : 0; }
        @Actor public void swapper(III_Result r) { manager.swap("q", "michaelscott"); r.r2 = 1; }
        @Arbiter public void arbiter(III_Result r) { r.r3 = judge("12"); }
    }

    @JCStressTest
    @State
    @Description("The queue holds 1, 2 on vyukov. One thread swaps it to michaelscott and offers 3; a consumer "
            + "polls twice meanwhile. It may take nothing, 1, or 1 and 2 (never 3 before the old queue is drained); "
            + "with what is left, exactly 1, 2, 3.")
    @Outcome(id = {"0, 0, 1", "1, 0, 1", "0, 1, 1", "1, 2, 1"}, expect = ACCEPTABLE, desc = "in order, nothing lost")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    public static class SwapAgainstPoll extends Setup {
        public SwapAgainstPoll() { queue.offer(1L); queue.offer(2L); }
        @Actor public void swapper() { manager.swap("q", "michaelscott"); queue.offer(3L); }
        @Actor public void consumer(III_Result r) { r.r1 = take(); r.r2 = take(); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = judge("123", r.r1, r.r2); }
    }

    @JCStressTest
    @State
    @Description("The queue holds 1 on vyukov. The vyukov driver goes away (as when its bundle stops) while a "
            + "producer offers 2: new offers go to michaelscott, and the ring is drained where it is, first. "
            + "Afterwards it holds 1 then 2.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "offered, and 1 then 2 remain")
    @Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated or reordered")
    public static class DriverGoneAgainstOffer extends Setup {
        public DriverGoneAgainstOffer() { queue.offer(1L); }
        @Actor public void producer(III_Result r) { r.r1 = queue.offer(2L) ? 1 : 0; }
        @Actor public void unbinder(III_Result r) { goAway(); r.r2 = 1; }
        @Arbiter public void arbiter(III_Result r) { r.r3 = judge("12"); }
    }

    @JCStressTest
    @State
    @Description("The queue holds 1, 2 on vyukov. The vyukov driver goes away and the same thread offers 3, while "
            + "a consumer polls twice. The consumer takes from the departed driver's ring until it is finished: "
            + "nothing, 1, or 1 and 2; with what is left, exactly 1, 2, 3.")
    @Outcome(id = {"0, 0, 1", "1, 0, 1", "0, 1, 1", "1, 2, 1"}, expect = ACCEPTABLE, desc = "in order, nothing lost")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or reordered")
    public static class DriverGoneAgainstPoll extends Setup {
        public DriverGoneAgainstPoll() { queue.offer(1L); queue.offer(2L); }
        @Actor public void unbinder() { goAway(); queue.offer(3L); }
        @Actor public void consumer(III_Result r) { r.r1 = take(); r.r2 = take(); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = judge("123", r.r1, r.r2); }
    }

    @JCStressTest
    @State
    @Description("The queue is empty on vyukov. One thread relaxed-offers 1; the other makes the vyukov driver go "
            + "away, relaxed-offers 2 (to michaelscott) and relaxed-drains. 1 may still be mid-write in the "
            + "departed driver's ring when the drain comes: the drain must stop there rather than move the queue "
            + "past the ring, or 1 is lost once written. The two producers' elements may come out in either order. "
            + "r1 = the first offer (1 = taken), r2 = what the drain took, r3 = what is left (digits, 0 = none).")
    @Outcome(id = {"1, 0, 12", "1, 0, 21"}, expect = ACCEPTABLE, desc = "the drain took nothing")
    @Outcome(id = {"1, 1, 2", "1, 2, 1"}, expect = ACCEPTABLE, desc = "the drain took one")
    @Outcome(id = {"1, 12, 0", "1, 21, 0"}, expect = ACCEPTABLE, desc = "the drain took both")
    @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or refused")
    public static class DriverGoneAgainstRelaxedCalls extends Setup {
        @Actor public void producer(III_Result r) { r.r1 = queue.relaxedOffer(1L) ? 1 : 0; }
        @Actor public void unbinder(III_Result r) { goAway(); queue.relaxedOffer(2L); r.r2 = relaxedDrain(); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = rest(); }

        private int relaxedDrain() {
            StringBuilder taken = new StringBuilder();
            queue.relaxedDrain(taken::append, 10);
            return digits(taken);
        }

        private int rest() {
            StringBuilder left = new StringBuilder();
            for (Long e; (e = queue.poll()) != null; ) {
                left.append(e);
            }
            return digits(left);
        }

        private static int digits(StringBuilder elements) {
            return elements.length() == 0 ? 0 : Integer.parseInt(elements.toString());
        }
    }
}
