package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import io.freelock.consensus.testkit.CounterGame;

class SmallPartsTest {

    @Test
    void theBackoffCeilingDoublesPerLossUpToItsCap() {
        Backoff backoff = new Backoff(100, 1_000);
        assertEquals(100, backoff.ceilingNanos(1));
        assertEquals(200, backoff.ceilingNanos(2));
        assertEquals(800, backoff.ceilingNanos(4));
        assertEquals(1_000, backoff.ceilingNanos(5));
        assertEquals(1_000, backoff.ceilingNanos(Integer.MAX_VALUE), "no overflow after many losses");
        backoff.pause(3); // returns: a wait of at most 400 ns
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5));
    }

    @Test
    void theRingKeepsTheNewestValuesNewestFirst() {
        RecentRing<Integer> ring = new RecentRing<>(3); // rounded up to 4
        assertEquals(4, ring.capacity());
        IntStream.rangeClosed(1, 6).forEach(ring::add);
        assertEquals(List.of(6, 5, 4, 3), ring.newestFirst());
        RecentRing<Integer> young = new RecentRing<>(8);
        young.add(1);
        assertEquals(List.of(1), young.newestFirst());
    }

    @Test
    void theRulesCatalogPrefersHigherRankingThenTheOlderService() {
        RulesCatalog catalog = new RulesCatalog();
        CounterGame older = new CounterGame();
        CounterGame newer = new CounterGame();
        CounterGame ranked = new CounterGame();
        catalog.add(untyped(newer), java.util.Map.of("game.type", "c", "service.id", 9L));
        catalog.add(untyped(older), java.util.Map.of("game.type", "c", "service.id", 3L));
        assertEquals(older, catalog.best("c"));
        catalog.add(untyped(ranked), java.util.Map.of("game.type", "c", "service.id", 12L, "service.ranking", 1));
        assertEquals(ranked, catalog.best("c"));
        assertEquals("c", catalog.remove(untyped(ranked)));
        assertEquals(older, catalog.best("c"));
        assertEquals(null, catalog.best("d"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static io.freelock.consensus.StateMachine<Object, Object> untyped(CounterGame rules) {
        return (io.freelock.consensus.StateMachine) rules;
    }
}
