package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.queue.testkit.Await;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class EnginePropertiesTest {

    @Property(tries = 100)
    void versionsAreContiguousAndRefusalsSpendNone(
            @ForAll @Size(max = 40) List<@LongRange(min = -3, max = 20) Long> amounts) {
        GameEngine<Long, Long> engine = new CounterTable(2).engine;
        List<Long> versions = new CopyOnWriteArrayList<>(); // filled on the listener's own thread
        engine.addListener(commit -> versions.add(commit.after().version()));
        long committed = 0;
        for (long amount : amounts) {
            try {
                Snapshot<Long> after = engine.apply(amount);
                committed++;
                assertEquals(committed, after.version());
            } catch (RefusedException refused) {
                assertEquals(committed, engine.current().version());
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long v = 1; v <= committed; v++) {
            expected.add(v);
        }
        long delivered = committed;
        Await.until("every commit delivered", () -> versions.size() >= delivered);
        assertEquals(expected, versions);
    }

    @Property(tries = 100)
    void theSameOperationsGiveTheSameHashOnAnyEngine(
            @ForAll @Size(max = 40) List<@LongRange(min = 1, max = 1_000_000) Long> amounts) {
        GameSpec spec = new GameSpec("a", CounterGame.TYPE,
                List.of(new Participant("p0", KEY.getPublic()))).withInstance("5a".repeat(32));
        GameEngine<Long, Long> one = openOn(spec);
        GameEngine<Long, Long> two = openOn(spec);
        GameEngine<Long, Long> otherInstance = openOn(spec.withInstance("a5".repeat(32)));
        StateHash chain = one.current().hash();
        CounterGame rules = new CounterGame();
        for (long amount : amounts) {
            Snapshot<Long> after = one.apply(amount);
            two.apply(amount);
            otherInstance.apply(amount);
            chain = chain.next(one.encodeOperation(amount), StateHash.digest(rules.encodeState(after.state())));
        }
        assertEquals(one.current().hash(), two.current().hash(), "same spec and instance, same operations");
        assertNotEquals(one.current().hash(), otherInstance.current().hash(), "another instance, another chain");
        assertEquals(chain, one.current().hash(), "the hash is exactly the documented chain");
    }

    private static final KeyPair KEY = Participant.generateKeys();

    @SuppressWarnings("unchecked")
    private static GameEngine<Long, Long> openOn(GameSpec spec) {
        EngineFactory factory = new EngineFactory(EngineSettings.defaults());
        factory.addRules(new CounterGame(), Map.of("game.type", CounterGame.TYPE));
        return (GameEngine<Long, Long>) factory.open(spec);
    }
}
