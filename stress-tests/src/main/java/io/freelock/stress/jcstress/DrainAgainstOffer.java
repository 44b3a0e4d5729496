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
 * A batch drain against an offer. Results: r1 = the producer's offer (1 = taken), r2 = what one drain handed
 * over (digits), r3 = what the arbiter polls afterwards (digits).
 */
@Description("A queue with room holds 1, 2. One producer offers 3 while one consumer drains with a limit of 10. "
        + "The drain hands over 1, 2 and, if 3 was published in time, 3; what it left is still queued. "
        + "Forbidden: a drain that stops before 2 (it must take at least what was there when it began), "
        + "disorder, a loss, a duplicate, a torn element, a refused offer.")
@Outcome(id = "1, 12, 3", expect = ACCEPTABLE, desc = "the drain finished before 3 was visible")
@Outcome(id = "1, 123, 0", expect = ACCEPTABLE, desc = "the drain also took 3")
@Outcome(expect = FORBIDDEN, desc = "short drain, disorder, loss, duplicate, refusal or torn")
public abstract class DrainAgainstOffer extends QueueState {

    DrainAgainstOffer(ConcurrentQueue<Item> queue) {
        super(queue, 1, 2);
    }

    final void producerSide(III_Result r) {
        r.r1 = offer(3);
    }

    final void consumerSide(III_Result r) {
        r.r2 = drain();
    }

    final void judge(III_Result r) {
        r.r3 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends DrainAgainstOffer {
        public Vyukov() { super(vyukov(4)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends DrainAgainstOffer {
        public SpscRing() { super(spscRing(4)); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends DrainAgainstOffer {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscLinked extends DrainAgainstOffer {
        public SpscLinked() { super(spscLinked()); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
