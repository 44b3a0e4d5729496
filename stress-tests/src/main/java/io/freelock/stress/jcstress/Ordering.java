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
 * One producer, one consumer: order and no skipping. Results: r1, r2 = the consumer's two polls (-1 = nothing),
 * r3 = what the arbiter polls afterwards (digits; -3 = the producer was refused).
 */
@Description("One producer offers 1 then 2 into an empty queue; one consumer polls twice. The consumer may see "
        + "nothing, 1 only (in either poll), or 1 then 2; what it did not take is left, in order. Forbidden: 2 "
        + "before 1, 2 while 1 was skipped (seen later by the arbiter or lost), a duplicate, a refused offer, a"
        + " torn element (the second element's writes not visible although its publication was).")
@Outcome(id = "-1, -1, 12", expect = ACCEPTABLE, desc = "both polls before the first publish")
@Outcome(id = "-1, 1, 2", expect = ACCEPTABLE, desc = "the second poll took 1")
@Outcome(id = "1, -1, 2", expect = ACCEPTABLE, desc = "the first poll took 1, the second ran before 2 was published")
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "both taken, in order")
@Outcome(expect = FORBIDDEN, desc = "out of order, skipped, duplicated, refused or torn")
public abstract class Ordering extends QueueState {

    Ordering(ConcurrentQueue<Item> queue) {
        super(queue);
    }

    /** Written by the producer, read by the arbiter, which jcstress runs after both actors. */
    boolean refused;

    final void producerSide(III_Result r) {
        refused = offer(1) + offer(2) != 2;
    }

    final void consumerSide(III_Result r) {
        r.r1 = poll();
        r.r2 = poll();
    }

    final void judge(III_Result r) {
        r.r3 = refused ? -3 : rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends Ordering {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends Ordering {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends Ordering {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscLinked extends Ordering {
        public SpscLinked() { super(spscLinked()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
