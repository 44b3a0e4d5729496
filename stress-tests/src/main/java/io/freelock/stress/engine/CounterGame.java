package io.freelock.stress.engine;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.engine.EngineSettings;

/**
 * The simplest game for racing the engine: the state is a count, an operation adds to it. Shared by the
 * engine's jcstress and Lincheck tests.
 */
public final class CounterGame implements StateMachine<Long, Long> {

    /** One key for every engine the tests open: generating Ed25519 keys per instance would dominate the run. */
    private static final PublicKey KEY = Participant.generateKeys().getPublic();

    /** @return a fresh engine playing this game, at version 0 and count 0 */
    public static GameEngine<Long, Long> open() {
        // one named instance: every engine opened here starts from one genesis, so that a sequential run (Lincheck's
        // specification) gives the same hashes as the concurrent one
        return open(new GameSpec("race", "counter", List.of(new Participant("p0", KEY))).withInstance("00".repeat(32)));
    }

    /** @return a game of {@code spec} on an engine factory of its own */
    @SuppressWarnings("unchecked")
    public static GameEngine<Long, Long> open(GameSpec spec) {
        EngineFactory factory = new EngineFactory(EngineSettings.defaults());
        factory.addRules(new CounterGame(), Map.of(StateMachine.GAME_TYPE, "counter"));
        return (GameEngine<Long, Long>) factory.open(spec);
    }

    @Override
    public Long initialState(GameSpec spec) {
        return 0L;
    }

    @Override
    public Long apply(Long state, Long operation) {
        return state + operation;
    }

    @Override
    public byte[] encodeState(Long state) {
        return ByteBuffer.allocate(Long.BYTES).putLong(state).array();
    }

    @Override
    public Long decodeState(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    @Override
    public byte[] encodeOperation(Long operation) {
        return encodeState(operation);
    }

    @Override
    public Long decodeOperation(byte[] bytes) {
        return decodeState(bytes);
    }
}
