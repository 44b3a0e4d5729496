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
 * A batch fill against a poll. Results: r1 = how many the fill added, r2 = the consumer's poll, r3 = what the
 * arbiter polls afterwards (digits).
 */
@Description("One producer fills 1, 2, 3 in one call into an empty queue with room for them; one consumer polls "
        + "once. The poll sees nothing or the first element of the batch, never a later one, and the rest stay "
        + "queued in order. Forbidden: a short fill, the poll getting 2 or 3 (order broken, or a slot published"
        + " before the one ahead of it), a loss, a duplicate, a torn element (a batch published with one "
        + "release must still publish every element written before it).")
@Outcome(id = "3, -1, 123", expect = ACCEPTABLE, desc = "the poll ran before the batch was visible")
@Outcome(id = "3, 1, 23", expect = ACCEPTABLE, desc = "the poll took the first of the batch")
@Outcome(expect = FORBIDDEN, desc = "short fill, disorder, loss, duplicate or torn")
public abstract class FillAgainstPoll extends QueueState {

    FillAgainstPoll(ConcurrentQueue<Item> queue) {
        super(queue);
    }

    final void producerSide(III_Result r) {
        r.r1 = fill(1, 3);
    }

    final void consumerSide(III_Result r) {
        r.r2 = poll();
    }

    final void judge(III_Result r) {
        r.r3 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends FillAgainstPoll {
        public Vyukov() { super(vyukov(4)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends FillAgainstPoll {
        public SpscRing() { super(spscRing(4)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends FillAgainstPoll {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscLinked extends FillAgainstPoll {
        public SpscLinked() { super(spscLinked()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
