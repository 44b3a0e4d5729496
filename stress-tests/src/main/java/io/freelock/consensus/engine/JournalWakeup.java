package io.freelock.consensus.engine;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import io.freelock.consensus.StateHash;
import io.freelock.queue.michaelscott.MichaelScottQueue;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;

/**
 * The journal writer's wake-up handshake: the deliverer offers an entry, then looks whether the writer is going to
 * sleep ({@link JournalWriter#wakeWriter}); the writer says it is going to sleep, then looks at the queue once more
 * ({@link JournalWriter#mayPark}). Each side fences between its write and its read, so at least one sees the other:
 * a writer that parks on an entry nobody woke it for would leave a synchronous apply waiting. The queue is the
 * Michael-Scott queue the manager serves {@code queue:mpsc?bounded=false} with.
 */
@JCStressTest
@State
@Description("r1 = the deliverer found the writer going to sleep (and woke it); r2 = the writer found the queue "
        + "empty (and may park). Both missing each other is a lost wake-up.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "the writer saw the entry: it does not park")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "each saw the other")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "the writer parks, and the deliverer wakes it")
@Outcome(id = "false, true", expect = FORBIDDEN, desc = "a lost wake-up: the writer parks on an entry")
public class JournalWakeup {

    private static final StateHash GENESIS = StateHash.of(new byte[StateHash.LENGTH]);
    private static final byte[] DIGEST = StateHash.digest(new byte[0]);

    private final MichaelScottQueue<JournalWriter.Entry> queue = new MichaelScottQueue<>();
    /** Never started: unparking a thread that has not started does nothing, and the handshake is all we test. */
    private final JournalWriter writer = new JournalWriter("g", "t", new JournalGenesis("00".repeat(32), "1", GENESIS),
            EngineSettings.defaults(), null, null,
            new JournalPosition(0, GENESIS), 0, queue, "journal.g");
    private final JournalWriter.Entry entry = new JournalWriter.Entry(new JournalRecord(1, GENESIS.next(new byte[0], DIGEST),
            new byte[0], DIGEST, new byte[0]), null);

    @Actor
    public void deliverer(ZZ_Result r) {
        queue.offer(entry);
        r.r1 = writer.wakeWriter();
    }

    @Actor
    public void writer(ZZ_Result r) {
        r.r2 = writer.mayPark();
    }
}
