package io.freelock.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.engine.Durability;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.engine.EngineSettings;
import io.freelock.consensus.testkit.Players;
import io.freelock.game.craps.CrapsRules;
import io.freelock.queue.testkit.Await;

/**
 * The journal store going away and a new one coming, as when the storage bundle is stopped and started: a game
 * refuses operations meanwhile and takes them again, journaled in the new store, once it is registered.
 */
class EngineStoreSwapTest {

    private static final DataSourceFactory H2 = new OsgiDataSourceFactory(org.h2.Driver.load());
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private EngineFactory factory;
    private JdbcJournalStore store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
    }

    private JdbcJournalStore newStore() {
        return new JdbcJournalStore(H2, "jdbc:h2:file:" + folder.resolve("journal") + ";WRITE_DELAY=0", "freelock",
                "");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGameTakesOperationsAgainOnceANewStoreReplacesTheOneThatLeft() throws Exception {
        factory = new EngineFactory(EngineSettings.defaults().withDurability(Durability.SYNC, 1_000)
                .withSyncTimeout(Duration.ofSeconds(2)));
        factory.addRules(new CrapsRules(), Map.of(StateMachine.GAME_TYPE, "craps"));
        store = newStore();
        factory.setJournalStore(store);
        GameSpec spec = new GameSpec("swap-1", "craps", Players.withKeys("alice").participants(),
                Map.of(CrapsRules.CHIPS_OPTION, "1000000", CrapsRules.BOND_OPTION, "100000"));
        GameEngine<Object, Object> game = (GameEngine<Object, Object>) factory.open(spec);
        Object bet = game.parseOperation("bet alice field 5");
        for (int i = 0; i < 20; i++) {
            game.apply(bet);
        }

        factory.unsetJournalStore(store); // as DS does when the storage bundle stops
        store.close();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (boolean refused = false; !refused; ) {
            try {
                game.apply(bet); // the first may still be installed before the writer sees the store gone
                if (System.nanoTime() - deadline > 0) {
                    fail("operations still acknowledged with no journal store");
                }
            } catch (NotDurableException installed) {
                // installed while the store left: not acknowledged, kept for the next store
            } catch (RefusedException e) {
                assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, e.reason(), e.getMessage());
                refused = true;
            }
        }

        store = newStore();
        factory.setJournalStore(store); // the bundle started again
        Snapshot<Object> resumed = Await.result("an acknowledgement in the new store", () -> game.apply(bet), RefusedException.class, NotDurableException.class);
        factory.close("swap-1");
        GameEngine<Object, Object> reopened = (GameEngine<Object, Object>) factory.open(spec);
        assertEquals(resumed.version(), reopened.current().version(), "every installed operation is in the journal");
    }
}
