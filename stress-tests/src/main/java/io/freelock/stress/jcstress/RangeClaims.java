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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The Vyukov ring's range claims: a drain or fill that takes several positions with one CAS on an index, against
 * the single-position claims of poll and offer and against another range. Each scenario is set up so that the
 * range's last slot is ready and the batch goes the range way (the scenarios of {@link DrainAgainstOffer},
 * {@link FillAgainstDrain} and {@link FillAgainstPoll} mostly meet a range whose last slot is not ready, and so
 * the one-position-at-a-time path); {@link FillAwaitsDrainedRun} has a strict fill wait for the slots a drain has
 * claimed and is still releasing. A range is all or nothing: its elements are contiguous in queue order.
 */
public final class RangeClaims {

    private RangeClaims() {
    }

    @JCStressTest
    @State
    @Description("A ring of 4 holds 1, 2, 3. One consumer drains up to 2 (a range of two, both published); another "
            + "polls once. Results: the drain's digits, the poll, what the arbiter polls afterwards. The range "
            + "claims the first two positions or, if the poll took 1 first, the next two. Forbidden: a drain of 1 "
            + "and 3 (the poll's 2 inside a range), an overlap, a loss, disorder, a torn element.")
    @Outcome(id = "12, 3, 0", expect = ACCEPTABLE, desc = "the range came first")
    @Outcome(id = "23, 1, 0", expect = ACCEPTABLE, desc = "the poll came first; the range took the next two")
    @Outcome(expect = FORBIDDEN, desc = "a range split by the poll, an overlap, loss, disorder or torn")
    public static class DrainAgainstPoll extends QueueState {
        public DrainAgainstPoll() { super(vyukov(4), 1, 2, 3); }
        @Actor public void drainer(III_Result r) { r.r1 = drain(2); }
        @Actor public void poller(III_Result r) { r.r2 = poll(); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = rest(); }
    }

    @JCStressTest
    @State
    @Description("A ring of 4 holds 1, 2. One producer offers 3 while one consumer drains up to 3. If 3 is "
            + "published when the drain looks, one CAS claims all three; if not, the drain goes one position at "
            + "a time, takes 1 and 2 and, past its first element, stops at a position not yet published rather "
            + "than wait, or takes 3 if it is published by then. Results: the offer, the drain's digits, what the "
            + "arbiter polls afterwards. Forbidden: a drain short of 1, 2 (they were there when it began), a "
            + "loss, a duplicate, disorder, a torn element, a refused offer.")
    @Outcome(id = "1, 123, 0", expect = ACCEPTABLE, desc = "the drain took 3 too (as a range or one by one)")
    @Outcome(id = "1, 12, 3", expect = ACCEPTABLE, desc = "3 was not published when the drain reached it")
    @Outcome(expect = FORBIDDEN, desc = "short drain, loss, duplicate, disorder, refusal or torn")
    public static class DrainAgainstOffer extends QueueState {
        public DrainAgainstOffer() { super(vyukov(4), 1, 2); }
        @Actor public void producer(III_Result r) { r.r1 = offer(3); }
        @Actor public void consumer(III_Result r) { r.r2 = drain(3); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = rest(); }
    }

    @JCStressTest
    @State
    @Description("A ring of 4 holds 1, 2, 3, 4. Two consumers each drain up to 2 (a range of two, both published). "
            + "Results: each drain's digits. One takes the first two positions with one CAS, the other the last "
            + "two. Forbidden: anything else (a range split or shared between the two, a loss, a duplicate, "
            + "disorder, a torn element).")
    @Outcome(id = "12, 34", expect = ACCEPTABLE, desc = "the first consumer claimed first")
    @Outcome(id = "34, 12", expect = ACCEPTABLE, desc = "the second consumer claimed first")
    @Outcome(expect = FORBIDDEN, desc = "a split or shared range, loss, duplicate, disorder or torn")
    public static class TwoDrains extends QueueState {
        public TwoDrains() { super(vyukov(4), 1, 2, 3, 4); }
        @Actor public void first(II_Result r) { r.r1 = drain(2); }
        @Actor public void second(II_Result r) { r.r2 = drain(2); }
    }

    @JCStressTest
    @State
    @Description("A full ring of 4 holds 1, 2, 3, 4. One consumer drains up to 3 (a range of three, all published); "
            + "one producer fills 5, 6, 7 with the strict fill. Before the drain's claim the ring is full and the fill "
            + "adds nothing; after it, every slot the fill needs belongs to the drain, which releases it within a few "
            + "instructions, so the strict fill waits for each (or claims them as a range once released) and adds "
            + "all three. Results: how many the fill added, the drain's digits, what the arbiter polls afterwards. "
            + "Forbidden: a fill that adds one or two (the strict fill stops short only at a full ring), a loss, a "
            + "duplicate, an overwritten element, disorder, a torn element.")
    @Outcome(id = "0, 123, 4", expect = ACCEPTABLE, desc = "the fill found the ring full")
    @Outcome(id = "3, 123, 4567", expect = ACCEPTABLE, desc = "the fill took the slots the drain released")
    @Outcome(expect = FORBIDDEN, desc = "short fill, loss, duplicate, overwrite, disorder or torn")
    public static class FillAwaitsDrainedRun extends QueueState {
        public FillAwaitsDrainedRun() { super(vyukov(4), 1, 2, 3, 4); }
        @Actor public void filler(III_Result r) { r.r1 = fill(5, 3); }
        @Actor public void drainer(III_Result r) { r.r2 = drain(3); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = rest(); }
    }

    @JCStressTest
    @State
    @Description("An empty ring of 4. One producer fills 1, 2 (a range of two, both free); another offers 3. "
            + "Results: how many the fill added, the offer, what the arbiter polls afterwards. The range is two "
            + "consecutive positions, before or after the offer's. Forbidden: 3 between 1 and 2 (an offer inside "
            + "a claimed range), a short fill, a refused offer, a loss, a duplicate, a torn element.")
    @Outcome(id = "2, 1, 123", expect = ACCEPTABLE, desc = "the range came first")
    @Outcome(id = "2, 1, 312", expect = ACCEPTABLE, desc = "the offer came first")
    @Outcome(expect = FORBIDDEN, desc = "an offer inside the range, short fill, refusal, loss, duplicate or torn")
    public static class FillAgainstOffer extends QueueState {
        public FillAgainstOffer() { super(vyukov(4)); }
        @Actor public void filler(III_Result r) { r.r1 = fill(1, 2); }
        @Actor public void offerer(III_Result r) { r.r2 = offer(3); }
        @Arbiter public void arbiter(III_Result r) { r.r3 = rest(); }
    }
}
