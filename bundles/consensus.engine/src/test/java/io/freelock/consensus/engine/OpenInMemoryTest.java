package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.testkit.CounterGame;

/** A game kept durable elsewhere (a replicated log) opens in memory at its genesis or at a snapshot of another copy. */
class OpenInMemoryTest {

    private final CounterTable table = new CounterTable(3);

    private EngineFactory otherServer() {
        EngineFactory factory = new EngineFactory(EngineSettings.defaults());
        factory.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        return factory;
    }

    @SuppressWarnings("unchecked")
    private static GameEngine<Long, Long> counter(GameEngine<?, ?> engine) {
        return (GameEngine<Long, Long>) engine;
    }

    @Test
    void aCopyOpenedAtTheGenesisAndOneOpenedAtASnapshotReachTheSameHashesAsTheOriginal() {
        GameSpec spec = table.engine.spec();
        GameEngine<Long, Long> fromGenesis = counter(otherServer().openInMemory(spec));
        assertEquals(table.engine.current().hash(), fromGenesis.current().hash());
        GameEngine<Long, Long> atVersion0 = counter(otherServer().openInMemory(spec, 0,
                table.engine.current().hash(), table.engine.encodeState(table.engine.current().state())));
        table.engine.apply(5L);
        fromGenesis.apply(5L);
        Snapshot<Long> at = table.engine.current();
        GameEngine<Long, Long> fromSnapshot = counter(otherServer().openInMemory(spec, at.version(), at.hash(),
                table.engine.encodeState(at.state())));
        assertEquals(at.hash(), fromGenesis.current().hash());
        assertEquals(1, fromSnapshot.current().version());
        atVersion0.apply(5L);
        for (GameEngine<Long, Long> engine : java.util.List.of(table.engine, fromGenesis, fromSnapshot, atVersion0)) {
            engine.apply(3L);
        }
        assertEquals(table.engine.current().hash(), fromGenesis.current().hash());
        assertEquals(table.engine.current().hash(), fromSnapshot.current().hash());
        assertEquals(table.engine.current().hash(), atVersion0.current().hash());
        assertEquals(8L, fromSnapshot.current().state());
    }

    @Test
    void badStartsAreRefusedWithTheReasonAndOpenNothing() {
        GameSpec spec = table.engine.spec();
        byte[] state = table.engine.encodeState(table.engine.current().state());
        EngineFactory factory = otherServer();
        RefusedException noInstance = assertThrows(RefusedException.class, () -> factory.openInMemory(
                new GameSpec(spec.gameId(), spec.gameType(), spec.participants()), 0, table.engine.current().hash(),
                state));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, noInstance.reason());
        assertEquals(RefusalReason.INVALID_GAME_SPEC, assertThrows(RefusedException.class, () -> factory.openInMemory(
                new GameSpec(spec.gameId(), spec.gameType(), spec.participants()))).reason());
        RefusedException notGenesis = assertThrows(RefusedException.class, () -> factory.openInMemory(spec, 0,
                table.engine.current().hash(), new CanonicalWriter().writeLong(9).toByteArray()));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, notGenesis.reason());
        assertTrue(notGenesis.getMessage().contains("genesis"), notGenesis.getMessage());
        RefusedException notCanonical = assertThrows(RefusedException.class, () -> factory.openInMemory(spec, 4,
                table.engine.current().hash(), new byte[] {1, 2}));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, notCanonical.reason());
        assertFalse(factory.find(spec.gameId()).isPresent(), "nothing was opened");
        factory.openInMemory(spec, 0, table.engine.current().hash(), state);
        RefusedException taken = assertThrows(RefusedException.class,
                () -> factory.openInMemory(spec, 0, table.engine.current().hash(), state));
        assertEquals(RefusalReason.GAME_EXISTS, taken.reason());
        assertArrayEquals(state, counter(factory.find(spec.gameId()).orElseThrow()).encodeState(0L));
    }
}
