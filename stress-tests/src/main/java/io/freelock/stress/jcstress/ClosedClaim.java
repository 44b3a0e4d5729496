package io.freelock.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;

/**
 * {@link ClosableQueue#closeProducers()} against a producer's claim. The close is one atomic step on the variable
 * producers claim from (the ring's producer index, the linked queue's last {@code next}), so every claim is before
 * it, and its element is delivered, or after it, and adds nothing. The closer asks {@code isEmpty()} right after
 * its close: a claim that came first must make it {@code false} even while its element is not yet published, and
 * a {@code true} there must be final. The arbiter takes what is left and then checks that the queue says it is
 * closed, is empty, refuses an offer and a fill, and never calls that fill's supplier.
 */
public final class ClosedClaim {

    private ClosedClaim() {
    }

    /** The queue under test as a {@link ClosableQueue}, and the closer's and the arbiter's steps. */
    abstract static class Closing extends QueueState {

        /** How many times the racing fill's supplier was called. */
        private int supplied;

        Closing(ConcurrentQueue<Item> queue) {
            super(queue);
        }

        private ClosableQueue<Item> closable() {
            return (ClosableQueue<Item>) queue;
        }

        /** @return 1 if the queue said it was empty right after this thread closed it, else 0 */
        final int closeThenIsEmpty() {
            closable().closeProducers();
            return queue.isEmpty() ? 1 : 0;
        }

        /** @return how many of 1, 2 a fill of up to 2 added; the supplier's calls are counted */
        final int fillTwo() {
            return queue.fill(() -> new Item(++supplied), 2);
        }

        final int supplied() {
            return supplied;
        }

        /**
         * For the arbiter, after {@link #rest()}: 1 if the queue says it is closed, is empty, refuses an offer and
         * a fill, and the fill never called its supplier; else 0.
         */
        final int closedForGood() {
            boolean[] called = {false};
            boolean refuses = !queue.offer(new Item(9)) && queue.fill(() -> {
                called[0] = true;
                return new Item(9);
            }, 2) == 0;
            return closable().producersClosed() && queue.isEmpty() && refuses && !called[0] ? 1 : 0;
        }
    }

    /** Results: r1 = the offer (1 = taken), r2 = the closer's isEmpty, r3 = the arbiter's digits, r4 = its check. */
    @Description("An empty queue. One producer offers 1 while another thread closes the queue to producers and "
            + "then asks isEmpty (1 = empty). Results: the offer (1 = taken), that isEmpty, what the arbiter polls "
            + "afterwards, and 1 if the arbiter then finds the queue closed, empty, refusing an offer and a fill "
            + "without calling its supplier. Forbidden: an offer taken whose element is missing, a refused offer "
            + "whose element is present, a closer told empty while a claim that came before its close is still to "
            + "be taken (a claimed position or linked node not counted), a queue that takes anything after the "
            + "close, a torn element.")
    @Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE,
            desc = "the offer's claim came first: its element was in the queue when the closer looked, and is taken")
    @Outcome(id = "0, 1, 0, 1", expect = ACCEPTABLE,
            desc = "the close came first: the offer refused, the queue empty for good")
    @Outcome(expect = FORBIDDEN,
            desc = "taken but missing, refused but present, empty while a claim is pending, open after close, torn")
    abstract static class OfferAgainstClose extends Closing {

        OfferAgainstClose(ConcurrentQueue<Item> queue) {
            super(queue);
        }

        final void producerSide(IIII_Result r) {
            r.r1 = offer(1);
        }

        final void closerSide(IIII_Result r) {
            r.r2 = closeThenIsEmpty();
        }

        final void judge(IIII_Result r) {
            r.r3 = rest();
            r.r4 = closedForGood();
        }
    }

    @JCStressTest
    @State
    public static class Vyukov extends OfferAgainstClose {
        public Vyukov() { super(vyukov(4)); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void closer(IIII_Result r) { closerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class MichaelScott extends OfferAgainstClose {
        public MichaelScott() { super(michaelScott()); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void closer(IIII_Result r) { closerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    @JCStressTest
    @State
    public static class Mpsc extends OfferAgainstClose {
        public Mpsc() { super(mpsc()); }
        @Actor public void producer(IIII_Result r) { producerSide(r); }
        @Actor public void closer(IIII_Result r) { closerSide(r); }
        @Arbiter public void arbiter(IIII_Result r) { judge(r); }
    }

    /**
     * Results: r1 = how many the fill added, r2 = its supplier's calls, r3 = the closer's isEmpty, r4 = the
     * arbiter's digits, r5 = its check.
     */
    @JCStressTest
    @State
    @Description("An empty ring of 4. One producer fills up to 2 elements, 1 and 2, whose last slot is free, so one "
            + "CAS claims both positions; another thread closes the ring to producers and then asks isEmpty. "
            + "Results: how many the fill added, how many times its supplier was called, the closer's isEmpty "
            + "(1 = empty), what the arbiter polls afterwards, and 1 if the arbiter then finds the ring closed, "
            + "empty, refusing an offer and a fill without calling its supplier. The range claim and the close are "
            + "CASes on the producer index: the range is claimed whole before the close, and then filled whole "
            + "(its supplier may run after the close), or not at all. Forbidden: a range split by the close (1 "
            + "added), a supplier called for a position not claimed, a closer told empty while the claimed range "
            + "is still to be taken, a loss, disorder, a torn element.")
    @Outcome(id = "2, 2, 0, 12, 1", expect = ACCEPTABLE,
            desc = "the range claim came first: filled whole, the closer saw it, both taken in order")
    @Outcome(id = "0, 0, 1, 0, 1", expect = ACCEPTABLE,
            desc = "the close came first: nothing claimed, the supplier never called")
    @Outcome(expect = FORBIDDEN,
            desc = "a split range, a supplier call for an unclaimed slot, empty while claimed, loss, disorder, torn")
    public static class VyukovFill extends Closing {
        public VyukovFill() { super(vyukov(4)); }
        @Actor public void filler(IIIII_Result r) { r.r1 = fillTwo(); r.r2 = supplied(); }
        @Actor public void closer(IIIII_Result r) { r.r3 = closeThenIsEmpty(); }
        @Arbiter public void arbiter(IIIII_Result r) { r.r4 = rest(); r.r5 = closedForGood(); }
    }

    /**
     * Results as in {@link VyukovFill}: r1 = what the fill returned, r2 = its supplier's calls, r3 = the closer's
     * isEmpty, r4 = what remains for the arbiter to poll (digits), r5 = its check.
     */
    @JCStressTest
    @State
    @Description("An empty Michael-Scott queue. One producer fills up to 2 elements, 1 and 2: one batch, which "
            + "registers in the count of fill batches in flight, looks for the close, and if it finds none "
            + "supplies both and links them as one chain by one CAS; another thread closes the queue and then asks "
            + "isEmpty. Results: what the fill returned, its supplier's calls, the closer's isEmpty (1 = empty), "
            + "what remains for the arbiter to poll, and the arbiter's check as in VyukovFill. A batch that looked "
            + "before the close completes, before the marker if the close came meanwhile; one that looks after it "
            + "supplies nothing. Forbidden: a supplied element lost (the supplier called for an element the fill "
            + "did not add), a chain split by the close, a closer told empty while the batch is still to be "
            + "taken, disorder, a torn element.")
    @Outcome(id = "2, 2, 0, 12, 1", expect = ACCEPTABLE,
            desc = "the batch looked before the close: fill returned 2, both remain, in order (linked before the "
                    + "close, or inserted before its marker), and the closer's isEmpty saw them or the batch")
    @Outcome(id = "0, 0, 1, 0, 1", expect = ACCEPTABLE,
            desc = "the close came first: fill returned 0 without calling its supplier, nothing remains")
    @Outcome(id = "0, 0, 0, 0, 1", expect = ACCEPTABLE_INTERESTING,
            desc = "the close came first, but the closer's isEmpty counted the batch while it was registered and "
                    + "looking: a passing false; fill returned 0, supplied nothing, nothing remains")
    @Outcome(id = {"0, [12], .*", "1, 2, .*"}, expect = FORBIDDEN,
            desc = "LOSS: the supplier gave elements the fill did not add (the chain refused by the close)")
    @Outcome(expect = FORBIDDEN,
            desc = "a split chain, empty while the batch is still to be taken, loss, disorder, torn")
    public static class MichaelScottFill extends Closing {
        public MichaelScottFill() { super(michaelScott()); }
        @Actor public void filler(IIIII_Result r) { r.r1 = fillTwo(); r.r2 = supplied(); }
        @Actor public void closer(IIIII_Result r) { r.r3 = closeThenIsEmpty(); }
        @Arbiter public void arbiter(IIIII_Result r) { r.r4 = rest(); r.r5 = closedForGood(); }
    }

    /**
     * Results: r1 = what the fill returned, r2 = the closer's isEmpty, r3 = the closer's poll after it (-1 for
     * nothing), r4 = what remains for the arbiter to poll (digits).
     */
    @JCStressTest
    @State
    @Description("An empty Michael-Scott queue. One producer fills up to 2 elements, 1 and 2, in one batch; another "
            + "thread closes the queue, asks isEmpty, then polls once. The arbiter polls everything left. Results: "
            + "what the fill returned, the closer's isEmpty (1 = empty), its poll (-1 = nothing), what remains for "
            + "the arbiter. The contract under test: isEmpty true after the close means nothing will ever be taken "
            + "again, though a batch that looked before the close may link its chain, before the marker, after the "
            + "closer's walk found the marker right after the head. Forbidden: isEmpty true and an element taken "
            + "later (by the closer's poll or the arbiter), a loss, disorder, a torn element.")
    @Outcome(id = "2, 0, 1, 2", expect = ACCEPTABLE,
            desc = "the batch looked first: isEmpty saw it, the closer's poll took 1, 2 remains")
    @Outcome(id = "2, 0, -1, 12", expect = ACCEPTABLE_INTERESTING,
            desc = "the batch looked first and was still supplying: isEmpty false for a batch nothing of which was "
                    + "linked yet, the closer's poll found the marker after the head (empty now), 1 2 remain")
    @Outcome(id = "0, 1, -1, 0", expect = ACCEPTABLE,
            desc = "the close came first: fill returned 0, isEmpty true, nothing ever arrives")
    @Outcome(id = "0, 0, -1, 0", expect = ACCEPTABLE_INTERESTING,
            desc = "the close came first, but isEmpty counted the batch while it was looking: a passing false")
    @Outcome(id = "-?[0-9]+, 1, .*", expect = FORBIDDEN,
            desc = "EMPTY NOT FINAL: isEmpty true after the close, yet an element was taken later")
    @Outcome(expect = FORBIDDEN, desc = "loss, a split chain, disorder, torn")
    public static class MichaelScottFillEmptyForGood extends Closing {
        public MichaelScottFillEmptyForGood() { super(michaelScott()); }
        @Actor public void filler(IIII_Result r) { r.r1 = fillTwo(); }
        @Actor public void closer(IIII_Result r) { r.r2 = closeThenIsEmpty(); r.r3 = poll(); }
        @Arbiter public void arbiter(IIII_Result r) { r.r4 = rest(); }
    }
}
