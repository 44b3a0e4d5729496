package io.freelock.stress.engine;

import java.util.Map;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.engine.EngineSettings;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.consensus.testkit.Players;

/**
 * Engines playing the test kit's counter game, for racing the engine: shared by its jcstress and Lincheck tests.
 */
public final class CounterEngines {

    /** One player for every engine {@link #open()} gives: generating Ed25519 keys per engine would dominate the run. */
    private static final Players PLAYER = Players.withKeys(1);

    private CounterEngines() {
    }

    /** @return a fresh engine playing the counter game, at version 0 and count 0 */
    public static GameEngine<Long, Long> open() {
        // one named instance: every engine opened here starts from one genesis, so that a sequential run (Lincheck's
        // specification) gives the same hashes as the concurrent one
        return open(new GameSpec("race", CounterGame.TYPE, PLAYER.participants()).withInstance("00".repeat(32)));
    }

    /** @return a game of {@code spec} on an engine factory of its own */
    @SuppressWarnings("unchecked")
    public static GameEngine<Long, Long> open(GameSpec spec) {
        EngineFactory factory = new EngineFactory(EngineSettings.defaults());
        factory.addRules(new CounterGame(), Map.of(StateMachine.GAME_TYPE, CounterGame.TYPE));
        return (GameEngine<Long, Long>) factory.open(spec);
    }
}
