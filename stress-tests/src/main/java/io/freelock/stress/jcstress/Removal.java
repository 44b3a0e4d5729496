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
 * Removal from the linked queues against the other operations on the same node. An {@link Item} is equal only to
 * itself, so each state keeps the items it queued and removes by them. In {@code SpscLinkedQueue} removal is a
 * consumer's operation, so its variants race removal only against the producer.
 */
public final class Removal {

    private Removal() {
    }

    /** A queue holding the items 1 (and 2, if asked), kept for removal. */
    abstract static class Removing extends QueueState {

        final Item one = new Item(1);
        final Item two = new Item(2);

        Removing(ConcurrentQueue<Item> queue, boolean both) {
            super(queue);
            queue.offer(one);
            if (both) {
                queue.offer(two);
            }
        }

        /** @return 1 if {@code remove(item)} answered true, else 0 */
        final int remove(Item item) {
            return queue.remove(item) ? 1 : 0;
        }
    }

    /** Results: r1 = remove(1) (1 = true), r2 = the poll, r3 = what the arbiter polls afterwards (digits). */
    @Description("A queue holds 1. One thread removes it while another polls. Exactly one of them gets it. "
            + "Forbidden: both (a removed element returned by a consumer), neither (lost, or a false empty), "
            + "anything left, a torn element.")
    @Outcome(id = "1, -1, 0", expect = ACCEPTABLE, desc = "the removal took it; the poll found the queue empty")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the poll took it; the removal found nothing")
    @Outcome(expect = FORBIDDEN, desc = "both, neither, left over or torn")
    abstract static class RemoveAgainstPoll extends Removing {

        RemoveAgainstPoll(ConcurrentQueue<Item> queue) {
            super(queue, false);
        }

        final void removerSide(III_Result r) {
            r.r1 = remove(one);
        }

        final void consumerSide(III_Result r) {
            r.r2 = poll();
        }

        final void judge(III_Result r) {
            r.r3 = rest();
        }
    }

    @JCStressTest
    @State
    public static class MichaelScottRemoveAgainstPoll extends RemoveAgainstPoll {
        public MichaelScottRemoveAgainstPoll() { super(michaelScott()); }
        @Actor public void remover(III_Result r) { removerSide(r); }
        @Actor public void consumer(III_Result r) { consumerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    /** Results: r1, r2 = each remove(1) (1 = true), r3 = what the arbiter polls afterwards (digits). */
    @Description("A queue holds 1, 2. Two threads remove 1 at once. Exactly one answers true, and 2 stays. "
            + "Forbidden: both true (one element removed twice), neither (1 still there or lost), 2 lost.")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the first remover won")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "the second remover won")
    @Outcome(expect = FORBIDDEN, desc = "removed twice, not removed, or something else lost")
    abstract static class TwoRemovers extends Removing {

        TwoRemovers(ConcurrentQueue<Item> queue) {
            super(queue, true);
        }

        final void firstSide(III_Result r) {
            r.r1 = remove(one);
        }

        final void secondSide(III_Result r) {
            r.r2 = remove(one);
        }

        final void judge(III_Result r) {
            r.r3 = rest();
        }
    }

    @JCStressTest
    @State
    public static class MichaelScottTwoRemovers extends TwoRemovers {
        public MichaelScottTwoRemovers() { super(michaelScott()); }
        @Actor public void first(III_Result r) { firstSide(r); }
        @Actor public void second(III_Result r) { secondSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    /** Results: r1 = remove(2) (1 = true), r2 = offer(3) (1 = taken), r3 = what the arbiter polls (digits). */
    @Description("A queue holds 1, 2. One thread removes 2, the element of the last node, while a producer links "
            + "3 after that node. The last node is never unlinked, so 3 is not lost with it. Forbidden: 3 lost, 2 "
            + "not removed or returned, 1 lost, a refused offer, a torn element.")
    @Outcome(id = "1, 1, 13", expect = ACCEPTABLE, desc = "2 removed, 3 linked, in either order")
    @Outcome(expect = FORBIDDEN, desc = "lost, not removed, refused or torn")
    abstract static class RemoveLastAgainstOffer extends Removing {

        RemoveLastAgainstOffer(ConcurrentQueue<Item> queue) {
            super(queue, true);
        }

        final void removerSide(III_Result r) {
            r.r1 = remove(two);
        }

        final void producerSide(III_Result r) {
            r.r2 = offer(3);
        }

        final void judge(III_Result r) {
            r.r3 = rest();
        }
    }

    @JCStressTest
    @State
    public static class MichaelScottRemoveLastAgainstOffer extends RemoveLastAgainstOffer {
        public MichaelScottRemoveLastAgainstOffer() { super(michaelScott()); }
        @Actor public void remover(III_Result r) { removerSide(r); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }

    /** The consumer removes (its operation in this queue) while the producer offers. */
    @JCStressTest
    @State
    public static class SpscLinkedRemoveLastAgainstOffer extends RemoveLastAgainstOffer {
        public SpscLinkedRemoveLastAgainstOffer() { super(spscLinked()); }
        @Actor public void consumer(III_Result r) { removerSide(r); }
        @Actor public void producer(III_Result r) { producerSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
