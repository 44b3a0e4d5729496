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

/**
 * The chunked queue's drain, which takes a chunk's slots as one run and goes on into the next chunk, against two
 * producers linking that next chunk: the state of {@link ChunkLink}, with a drain where that test polls twice.
 * Results: r1, r2 = each offer (1 = taken), r3 = the digits the drain handed over, r4 = the digits the arbiter polls.
 */
@Description("A chunked queue whose first chunk (1024 slots) holds only its last element, 9. Producer A offers 1 and "
        + "producer B offers 2, both into the second chunk, which neither has linked yet; B then drains with a limit "
        + "of 10. The drain hands over 9, then goes on into the second chunk and stops at the first slot not yet "
        + "stored: B's own 2 is stored before its drain, A's 1 may not be. Forbidden: a refused offer, a loss, a "
        + "duplicate, disorder against the claims, 9 not first, a torn element.")
@Outcome(id = "1, 1, 9, 12", expect = ACCEPTABLE, desc = "A claimed first and had not stored 1 when the drain looked")
@Outcome(id = "1, 1, 912, 0", expect = ACCEPTABLE, desc = "A claimed first; the drain took both")
@Outcome(id = "1, 1, 92, 1", expect = ACCEPTABLE, desc = "B claimed first; A had not stored 1 when the drain looked")
@Outcome(id = "1, 1, 921, 0", expect = ACCEPTABLE, desc = "B claimed first; the drain took both")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated, out of order or torn")
public abstract class ChunkDrain extends QueueState {

    ChunkDrain() {
        super(ChunkLink.lastOfFirstChunk());
    }

    @JCStressTest
    @State
    public static class Mpsc extends ChunkDrain {
        @Actor public void producer(IIII_Result r) { r.r1 = offer(1); }
        @Actor public void producerAndConsumer(IIII_Result r) { r.r2 = offer(2); r.r3 = drain(); }
        @Arbiter public void arbiter(IIII_Result r) { r.r4 = rest(); }
    }
}
