package io.freelock.stress.engine;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.Snapshot;

/** Two threads apply at once: no update is lost and the versions stay contiguous. */
@JCStressTest
@State
@Description("Two threads apply 'add 1' and 'add 2' to a count at 0. Each apply returns the snapshot it installed. "
        + "Results: r1, r2 = the versions each got; r3 = the final count. Both commit, one as version 1 and one as "
        + "version 2, and the count is 3: a lost update (count 1 or 2), a version skipped or given twice is forbidden.")
@Outcome(id = {"1, 2, 3", "2, 1, 3"}, expect = ACCEPTABLE, desc = "one after the other, in either order")
@Outcome(expect = FORBIDDEN, desc = "an update lost, or versions not contiguous")
public class RacingApplies {

    private final GameEngine<Long, Long> engine = CounterEngines.open();

    @Actor
    public void first(JJJ_Result r) {
        r.r1 = engine.apply(1L).version();
    }

    @Actor
    public void second(JJJ_Result r) {
        r.r2 = engine.apply(2L).version();
    }

    @Arbiter
    public void arbiter(JJJ_Result r) {
        Snapshot<Long> now = engine.current();
        r.r3 = now.version() == 2 ? now.state() : -now.version();
    }
}
