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
 * The journal writer's hand-over handshake with the pump: the deliverer offers an entry, then schedules the writer
 * unless a pump thread owns it ({@link JournalWriter#wakeWriter}, a CAS of the scheduled flag); the pump thread that
 * owns it lets go, then looks at the queue once more ({@link JournalWriter#release}). The pump fences between its
 * write and its read, and the CAS orders the deliverer's, so at least one sees the other: a writer let go with an
 * entry nobody scheduled it for would leave a synchronous apply waiting. The queue is the Michael-Scott queue the
 * manager serves the journal queue ({@code queue:mpmc?bounded=false}) with. The writer starts owned by the pump (as while it runs).
 */
@JCStressTest
@State
@Description("r1 = the deliverer scheduled the writer; r2 = the pump let go of it seeing nothing queued. The "
        + "deliverer failing to schedule it while the pump saw nothing is a lost hand-over.")
@Outcome(id = "false, false", expect = ACCEPTABLE, desc = "the pump saw the entry: it schedules the writer again")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "each saw the other: the CAS lets one schedule it")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "the pump let go, and the deliverer scheduled it")
@Outcome(id = "false, true", expect = FORBIDDEN, desc = "a lost hand-over: nobody schedules the writer")
public class JournalWakeup {

    private static final StateHash GENESIS = StateHash.of(new byte[StateHash.LENGTH]);
    private static final byte[] DIGEST = StateHash.digest(new byte[0]);

    private final MichaelScottQueue<JournalWriter.Entry> queue = new MichaelScottQueue<>();
    /** With no pump: scheduling only sets the flag, and the handshake is all we test. */
    private final JournalWriter writer = new JournalWriter("g", "t", new JournalGenesis("00".repeat(32), "1", GENESIS),
            EngineSettings.defaults(), null, null,
            new JournalPosition(0, GENESIS), 0, queue, "journal.g", null);

    public JournalWakeup() {
        writer.start(); // owned by the (absent) pump from here on, as while a pump thread runs it
    }
    private final JournalWriter.Entry entry = new JournalWriter.Entry(new JournalRecord(1, GENESIS.next(new byte[0], DIGEST),
            new byte[0], DIGEST, new byte[0]), null);

    @Actor
    public void deliverer(ZZ_Result r) {
        queue.offer(entry);
        r.r1 = writer.wakeWriter();
    }

    @Actor
    public void pump(ZZ_Result r) {
        r.r2 = writer.release();
    }
}
