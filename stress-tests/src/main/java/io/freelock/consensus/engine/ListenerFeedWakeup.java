package io.freelock.consensus.engine;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.freelock.consensus.Commit;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;

/**
 * A commit listener's hand-over ({@link ListenerFeed}): the deliverer offers a commit while the drain task, which
 * has just taken the one before it, goes idle. The deliverer writes {@code produced} then reads {@code scheduled};
 * the drainer writes {@code scheduled = false} then reads {@code produced}; so either the drainer takes the second
 * commit too, or the deliverer schedules a new drain task for it. Neither would leave a commit that no listener
 * thread is coming for.
 */
@JCStressTest
@State
@Description("r1 = commits the drain task delivered (the first always); r2 = drain tasks scheduled after the first.")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "the drainer took the second commit; nothing more to schedule")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the drainer took it, and the deliverer scheduled a task anyway")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the drainer went idle first; the deliverer scheduled a task")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "a lost wake-up: the second commit waits for a task nobody starts")
public class ListenerFeedWakeup {

    private static final Snapshot<Object> ZERO = new Snapshot<>(0L, 0, hash(0));

    private final AtomicInteger delivered = new AtomicInteger();
    /** Drain tasks handed to the executor; they are counted, not run: the actor below is the running one. */
    private final AtomicInteger scheduled = new AtomicInteger();
    private final ListenerFeed feed = new ListenerFeed(commit -> delivered.incrementAndGet(), 4,
            task -> scheduled.incrementAndGet(), (f, why) -> { }, () -> { });
    private final Commit<Object, Object> second;

    public ListenerFeedWakeup() {
        Snapshot<Object> one = new Snapshot<>(1L, 1, hash(1));
        feed.offer(new Commit<>(ZERO, one, 1L, new byte[] {1})); // schedules the drain task that the actor runs
        second = new Commit<>(one, new Snapshot<>(2L, 2, hash(2)), 1L, new byte[] {1});
    }

    /** Any distinct hashes: the hand-over never looks at them. */
    private static StateHash hash(int version) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) version;
        return StateHash.of(bytes);
    }

    @Actor
    public void deliverer() {
        feed.offer(second);
    }

    @Actor
    public void drainer() {
        feed.run();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = delivered.get();
        r.r2 = scheduled.get() - 1;
    }
}
