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
 * The empty edge, and publication. Results: r1 = the producer's offer (1 = taken), r2 = the consumer's peek, r3
 * = its poll after that, r4 = what the arbiter polls afterwards (digits; 0 = nothing). -1 = found nothing, -2 =
 * a torn element.
 */
@Description("One producer offers an element into an empty queue while one consumer peeks, then polls. The "
        + "consumer may run before the element is published (it sees nothing and the element stays queued), "
        + "between its peek and its poll, or after; those are the three acceptable outcomes. Forbidden: a torn "
        + "element (its constructor's plain writes not visible: the publish/take pair is missing a "
        + "release/acquire), a lost or duplicated element, a refused offer on an empty queue, and a poll that "
        + "finds nothing after a peek by the same single consumer found the element.")
@Outcome(id = "1, -1, -1, 1", expect = ACCEPTABLE, desc = "the consumer ran before the element was published")
@Outcome(id = "1, -1, 1, 0", expect = ACCEPTABLE, desc = "published between the peek and the poll")
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "published before the peek")
@Outcome(expect = FORBIDDEN, desc = "torn, lost, duplicated, refused, or unpublished after a peek saw it")
public abstract class EmptyEdge extends QueueState {

    EmptyEdge(ConcurrentQueue<Item> queue) {
        super(queue);
    }

    final void producerSide(IIII_Result r) {
        r.r1 = offer(1);
    }

    final void consumerSide(IIII_Result r) {
        r.r2 = peek();
        r.r3 = poll();
    }

    final void judge(IIII_Result r) {
        r.r4 = rest();
    }

    @JCStressTest
    @State
    public static class Vyukov extends EmptyEdge {
        public Vyukov() { super(vyukov(2)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscRing extends EmptyEdge {
        public SpscRing() { super(spscRing(2)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends EmptyEdge {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class SpscLinked extends EmptyEdge {
        public SpscLinked() { super(spscLinked()); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void consumer(IIII_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }
}
