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

import io.freelock.queue.mpsc.MpscChunkedQueue;

/**
 * Two producers whose positions both lie in a chunk not linked yet: each finds the chain's end and links a chunk of
 * its own by CAS, and the loser must use the winner's. The second producer is also the single consumer (two actors,
 * as this machine has two cores): it polls twice after its offer, from the end of the first chunk into the new one.
 * Results: r1, r2 = each offer (1 = taken), r3 = the digits of the two polls, r4 = the digits the arbiter polls.
 */
@Description("A chunked queue whose first chunk (1024 slots) has been filled and emptied but for its last element, "
        + "9. Producer A offers 1 and producer B offers 2, both into the second chunk, which neither has linked yet; "
        + "B then polls twice. 9 comes out first, then 1 and 2 each once, in the order of the claims. Forbidden: a "
        + "refused offer, an element written into a chunk that lost the link (lost), a duplicate, 9 not first, a "
        + "torn element.")
@Outcome(id = "1, 1, 91, 2", expect = ACCEPTABLE, desc = "A claimed first")
@Outcome(id = "1, 1, 92, 1", expect = ACCEPTABLE, desc = "B claimed first")
@Outcome(expect = FORBIDDEN, desc = "refused, lost, duplicated, out of order or torn")
public abstract class ChunkLink extends QueueState {

    /** Positions in the first chunk, which the state fills and empties before the race (Chunk.SIZE). */
    private static final int FIRST_CHUNK = 1024;

    ChunkLink() {
        super(lastOfFirstChunk());
    }

    /** @return a chunked queue whose first chunk has been filled and emptied but for its last element, 9 */
    static MpscChunkedQueue<Item> lastOfFirstChunk() {
        MpscChunkedQueue<Item> queue = new MpscChunkedQueue<>();
        Item filler = new Item(8);
        for (int i = 0; i < FIRST_CHUNK - 1; i++) {
            queue.offer(filler);
            queue.poll();
        }
        queue.offer(new Item(9));
        return queue;
    }

    @JCStressTest
    @State
    public static class Mpsc extends ChunkLink {
        @Actor public void producer(IIII_Result r) { r.r1 = offer(1); }
        @Actor public void producerAndConsumer(IIII_Result r) { r.r2 = offer(2); r.r3 = pollTwice(); }
        @Arbiter public void arbiter(IIII_Result r) { r.r4 = rest(); }
    }
}
