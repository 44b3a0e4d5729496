package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class EnginePropertiesTest {

    @Property(tries = 100)
    void versionsAreContiguousAndRefusalsSpendNone(
            @ForAll @Size(max = 40) List<@LongRange(min = -3, max = 20) Long> amounts) {
        GameEngine<Long, Long> engine = new Table(2).engine;
        List<Long> versions = new ArrayList<>();
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
        assertEquals(expected, versions);
    }

    @Property(tries = 100)
    void theSameOperationsGiveTheSameHashOnAnyEngine(
            @ForAll @Size(max = 40) List<@LongRange(min = 1, max = 1_000_000) Long> amounts) {
        GameEngine<Long, Long> one = new Table("a", 2, EngineSettings.defaults()).engine;
        GameEngine<Long, Long> two = new Table("b", 3, EngineSettings.defaults()).engine;
        StateHash chain = one.current().hash();
        for (long amount : amounts) {
            one.apply(amount);
            two.apply(amount);
            chain = chain.next(one.encodeOperation(amount));
        }
        assertEquals(one.current().hash(), two.current().hash());
        assertEquals(chain, one.current().hash(), "the hash is exactly the documented chain");
    }
}
