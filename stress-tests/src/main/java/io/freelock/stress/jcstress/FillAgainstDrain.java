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

import io.freelock.queue.ConcurrentQueue;

/**
 * A batch fill against a batch drain. Results: r1 = how many the fill added, r2 = what the drain handed over
 * (digits; 0 = nothing), r3 = what the arbiter polls afterwards (digits).
 */
@Description("One producer fills 1, 2, 3 in one call into an empty queue with room; one consumer drains with a "
        + "limit of 10. The drain hands over a prefix of the batch, in order, and the rest stays queued: which "
        + "prefix depends on how the queue publishes a batch (the Michael-Scott list publishes it at once, the "
        + "rings, the SPSC list and the MPSC chunks element by element), so every prefix is acceptable; the relaxed "
        + "calls may stop earlier, which is a shorter prefix. "
        + "Forbidden: anything that is not a prefix (a gap or disorder), a loss, a duplicate, a short fill, a "
        + "torn element.")
@Outcome(id = "3, 0, 123", expect = ACCEPTABLE, desc = "the drain ran before the batch was visible")
@Outcome(id = "3, 1, 23", expect = ACCEPTABLE, desc = "the drain took the first element")
@Outcome(id = "3, 12, 3", expect = ACCEPTABLE, desc = "the drain took the first two")
@Outcome(id = "3, 123, 0", expect = ACCEPTABLE, desc = "the drain took the whole batch")
@Outcome(expect = FORBIDDEN, desc = "not a prefix, loss, duplicate, short fill or torn")
public abstract class FillAgainstDrain extends QueueState {

    FillAgainstDrain(ConcurrentQueue<Item> queue) {
        super(queue);
    }

    final void producerSide(III_Result r) {
        r.r1 = fill(1, 3);
    }

    final void consumerSide(III_Result r) {
        r.r2 = drain();
    }

    final void judge(III_Result r) {
        r.r3 = rest();
    }

    /** The relaxed calls must keep the same outcomes: they may stop earlier, never lose or reorder. */
    @JCStressTest
    @State
    public static class VyukovRelaxed extends FillAgainstDrain {
        public VyukovRelaxed() { super(vyukov(4)); }
        @Actor public void producer(III_Result r) { r.r1 = relaxedFill(1, 3); }
        @Actor public void consumer(III_Result r) { r.r2 = relaxedDrain(); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class Mpsc extends FillAgainstDrain {
        public Mpsc() { super(mpsc()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MpscRelaxed extends FillAgainstDrain {
        public MpscRelaxed() { super(mpsc()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { r.r2 = relaxedDrain(); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class Vyukov extends FillAgainstDrain {
        public Vyukov() { super(vyukov(4)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends FillAgainstDrain {
        public SpscRing() { super(spscRing(4)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends FillAgainstDrain {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscLinked extends FillAgainstDrain {
        public SpscLinked() { super(spscLinked()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
