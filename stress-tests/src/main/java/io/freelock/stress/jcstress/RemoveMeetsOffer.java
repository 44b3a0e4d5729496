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
import org.openjdk.jcstress.infra.results.III_Result;

import io.freelock.queue.ConcurrentQueue;

/**
 * remove(Object) against an offer into the same slot of a ring of two: a removal's mark and the next lap's producer
 * meet in one slot, which must pass from the one to the other only through a consumer.
 */
public final class RemoveMeetsOffer {

    private RemoveMeetsOffer() {
    }

    /**
     * Results: r1 = the removal (1 = removed), r2 = the poll, r3 = the offer that follows it (1 = taken), r4 = what
     * the arbiter polls afterwards (digits).
     */
    @Description("A ring of two holds 1 and 2, full. One thread removes 1 (the head, slot 0); the other polls and "
            + "then offers 3, which goes to slot 0 again, the removed element's slot. If the removal came first, the "
            + "poll passes its slot and takes 2; otherwise the poll takes 1 and the removal finds nothing. Either "
            + "way the poll made room, so the offer is taken and 3 comes out last. Forbidden: 1 both removed and "
            + "polled, 1 neither removed nor polled, an offer refused with room (the removed slot never handed on), "
            + "or 3 overwriting or losing an element.")
    @Outcome(id = "1, 2, 1, 3", expect = ACCEPTABLE, desc = "the removal came first")
    @Outcome(id = "0, 1, 1, 23", expect = ACCEPTABLE, desc = "the poll came first")
    @Outcome(expect = FORBIDDEN, desc = "taken twice, lost, a false full, or overwritten")
    public abstract static class IntoTheRemovedSlot extends QueueState {

        private final Item head = new Item(1);

        IntoTheRemovedSlot(ConcurrentQueue<Item> queue) {
            super(queue);
            if (!queue.offer(head) || !queue.offer(new Item(2))) {
                throw new IllegalStateException("a fresh ring of two refused its elements");
            }
        }

        final void removeSide(IIII_Result r) {
            r.r1 = queue.remove(head) ? 1 : 0;
        }

        final void pollThenOfferSide(IIII_Result r) {
            r.r2 = poll();
            r.r3 = offer(3);
        }

        final void judge(IIII_Result r) {
            r.r4 = rest();
        }
    }

    @JCStressTest
    @State
    public static class IntoTheRemovedSlotOfVyukov extends IntoTheRemovedSlot {
        public IntoTheRemovedSlotOfVyukov() { super(QueueState.vyukov(2)); }
        @Actor public void remover(IIII_Result r) { removeSide(r); }
        @Actor public void consumerThenProducer(IIII_Result r) { pollThenOfferSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    /** Results: r1 = the offer (1 = taken), r2 = the removal (1 = removed), r3 = what the arbiter polls (digits). */
    @Description("A ring of two has taken and given back 1, so its next position is in slot 1. One thread offers "
            + "3 while another removes that same element. The removal finds it (then it never comes out) or comes "
            + "before the offer (then it comes out). Forbidden: refused offer, removed and polled, lost.")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the offer came first, then the removal took it")
    @Outcome(id = "1, 0, 3", expect = ACCEPTABLE, desc = "the removal came first and found nothing")
    @Outcome(expect = FORBIDDEN, desc = "refused, taken twice or lost")
    public abstract static class OfTheElementBeingOffered extends QueueState {

        private final Item offered = new Item(3);

        OfTheElementBeingOffered(ConcurrentQueue<Item> queue) {
            super(queue, 1);
            if (Item.read(queue.poll()) != 1) {
                throw new IllegalStateException("a fresh ring did not give back its element");
            }
        }

        final void offerSide(III_Result r) {
            r.r1 = queue.offer(offered) ? 1 : 0;
        }

        final void removeSide(III_Result r) {
            r.r2 = queue.remove(offered) ? 1 : 0;
        }

        final void judge(III_Result r) {
            r.r3 = rest();
        }
    }

    @JCStressTest
    @State
    public static class OfTheElementBeingOfferedToVyukov extends OfTheElementBeingOffered {
        public OfTheElementBeingOfferedToVyukov() { super(QueueState.vyukov(2)); }
        @Actor public void producer(III_Result r) { offerSide(r); }
        @Actor public void remover(III_Result r) { removeSide(r); }
        @Arbiter public void arbiter(III_Result r) { judge(r); }
    }
}
