package io.freelock.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import io.freelock.consensus.engine.EngineFactory;
import io.freelock.game.craps.CrapsRules;

/** How the demo's tables ask for replication, without OSGi: a real engine factory and the real rules. */
class CrapsTablesTest {

    private final EngineFactory factory = new EngineFactory();

    CrapsTablesTest() {
        factory.addRules(new CrapsRules(), Map.of("game.type", "craps"));
    }

    /** A bundle context without a data folder: the players' keys are made afresh and not kept. */
    private static BundleContext noDataFolder() {
        return (BundleContext) Proxy.newProxyInstance(CrapsTablesTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
    }

    @Test
    void aReplicatedTableNamesItsReplicationInItsGameSpec() {
        CrapsTable table = CrapsTable.open(factory, "table-r", List.of("alice", "bob", "carol"), new PlayerKeys(null),
                1_000, new ConcurrentLinkedQueue<>(), Duration.ofMinutes(1), "raft");
        assertEquals("raft", factory.find(table.gameId()).orElseThrow().spec().options().get(CrapsTable.REPLICATION));
        CrapsTable local = CrapsTable.open(factory, "table-l", List.of("alice", "bob", "carol"), new PlayerKeys(null),
                1_000, new ConcurrentLinkedQueue<>(), Duration.ofMinutes(1));
        assertEquals(null, factory.find(local.gameId()).orElseThrow().spec().options().get(CrapsTable.REPLICATION));
    }

    @Test
    void aReplicatedTableIsRefusedOnAFactoryThatReplicatesNothingAndOpensNoGame() {
        CrapsTables tables = new CrapsTables(Map.entry(Map.of(), factory), noDataFolder());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> tables.play(new ConcurrentLinkedQueue<>(), 100, "raft", line -> { }));
        assertTrue(refused.getMessage().startsWith("the table asks for replication raft, but the game engine factory "
                + "here replicates nothing"), refused.getMessage());
        assertEquals(List.of(), factory.engines());
    }
}
