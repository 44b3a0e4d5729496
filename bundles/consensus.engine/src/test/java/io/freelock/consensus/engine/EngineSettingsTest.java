package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    /** @return the configuration DS hands the factory when ConfigAdmin has none: every attribute at its default */
    private static EngineFactory.Config unconfigured(Map<String, Object> given) {
        return (EngineFactory.Config) Proxy.newProxyInstance(EngineFactory.Config.class.getClassLoader(),
                new Class<?>[] {EngineFactory.Config.class}, (proxy, method, args) -> {
                    Object value = given.containsKey(method.getName()) ? given.get(method.getName())
                            : method.getDefaultValue();
                    assertNotNull(value, method.getName() + " has no default");
                    return value;
                });
    }

    @Test
    void anUnconfiguredFactoryOpensEnginesWithThePlainDefaultsButSyncDurability() {
        Clock clock = Clock.systemUTC();
        EngineSettings configured = EngineSettings.from(unconfigured(Map.of()), clock);
        EngineSettings plain = EngineSettings.defaults();
        assertEquals(plain.proposalTimeout(), configured.proposalTimeout());
        assertEquals(plain.retainedSnapshots(), configured.retainedSnapshots());
        assertEquals(plain.maxOpenProposals(), configured.maxOpenProposals());
        assertEquals(plain.backoffBaseNanos(), configured.backoffBaseNanos());
        assertEquals(plain.backoffMaxNanos(), configured.backoffMaxNanos());
        assertEquals(plain.journalMaxLag(), configured.journalMaxLag());
        assertEquals(plain.snapshotEvery(), configured.snapshotEvery());
        assertEquals(plain.syncTimeout(), configured.syncTimeout());
        assertEquals(plain.journalBatch(), configured.journalBatch());
        assertEquals(plain.journalThreads(), configured.journalThreads());
        assertEquals(plain.listenerBacklog(), configured.listenerBacklog());
        assertSame(clock, configured.clock());
        // a container has a journal store, plain Java need not
        assertEquals(Durability.SYNC, configured.durability());
        assertEquals(Durability.NONE, plain.durability());
    }

    @Test
    void aConfiguredValueIsCheckedAsAPlainOneIs() {
        assertEquals(7, EngineSettings.from(unconfigured(Map.of("journalThreads", 7)), Clock.systemUTC())
                .journalThreads());
        assertThrows(IllegalArgumentException.class,
                () -> EngineSettings.from(unconfigured(Map.of("journalThreads", 17)), Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.defaults().withJournalThreads(0));
    }
}
