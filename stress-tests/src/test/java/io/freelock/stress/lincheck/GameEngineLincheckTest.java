package io.freelock.stress.lincheck;

import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.Snapshot;
import io.freelock.stress.engine.CounterEngines;

/**
 * Linearizability of the engine's {@code apply} and {@code current}: every history must match some order of
 * the calls run one at a time on the same engine (the test class itself is the sequential specification).
 * Results carry version, count and hash, so a lost update, a skipped or repeated version, or a hash that does
 * not chain would each show.
 */
@Param(name = "delta", gen = LongGen.class, conf = "1:3")
public class GameEngineLincheckTest {

    private final GameEngine<Long, Long> engine = CounterEngines.open();

    @Operation
    public String apply(@Param(name = "delta") long delta) {
        return describe(engine.apply(delta));
    }

    @Operation
    public String current() {
        return describe(engine.current());
    }

    private static String describe(Snapshot<Long> snapshot) {
        return snapshot.version() + ":" + snapshot.state() + ":" + snapshot.hash();
    }

    @Test
    void stress() {
        Checks.stress(GameEngineLincheckTest.class, 2).check(getClass());
    }

    @Test
    void modelChecking() {
        Checks.modelChecking(GameEngineLincheckTest.class, 2).check(getClass());
    }
}
