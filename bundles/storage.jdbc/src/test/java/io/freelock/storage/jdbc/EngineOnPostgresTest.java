package io.freelock.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.osgi.PGDataSourceFactory;

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
 * The engine playing the craps rules and journaling synchronously into a real PostgreSQL server through this
 * bundle's store, while the server
 * is down at the start and goes away mid-game: no acknowledgement without durability, and the game resumes by itself.
 */
class EngineOnPostgresTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    /** A move the craps rules take again and again while the first round waits for its dice. */
    private static final String BET = "bet alice field 5";

    private String url;
    private JdbcJournalStore store;
    private EngineFactory factory;
    private GameSpec spec;

    @BeforeEach
    void setUp() throws Exception {
        String schema = "engine_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(POSTGRES.url(), POSTGRES.user(), POSTGRES.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        url = POSTGRES.url() + "?currentSchema=" + schema;
        store = new JdbcJournalStore(new PGDataSourceFactory(), url, POSTGRES.user(), POSTGRES.password());
        factory = newFactory();
        spec = new GameSpec("pg-1", "craps", Players.withKeys("alice").participants(),
                // the bond is also the table limit: room for the thousand Field bets that wait for one roll
                Map.of(CrapsRules.CHIPS_OPTION, "1000000", CrapsRules.BOND_OPTION, "100000"));
    }

    private EngineFactory newFactory() {
        EngineFactory made = new EngineFactory(EngineSettings.defaults().withDurability(Durability.SYNC, 1_000)
                .withSnapshotEvery(25).withSyncTimeout(Duration.ofSeconds(2)));
        made.addRules(new CrapsRules(), Map.of(StateMachine.GAME_TYPE, "craps"));
        made.setJournalStore(store);
        return made;
    }

    @AfterEach
    void tearDown() {
        POSTGRES.start(); // whatever a failed test left behind
        factory.close("pg-1");
        store.close();
    }

    @SuppressWarnings("unchecked")
    private GameEngine<Object, Object> open(EngineFactory on) {
        return (GameEngine<Object, Object>) on.open(spec);
    }

    @Test
    void aGameDoesNotOpenWhileTheDatabaseIsDownAndOpensWhenItIsBack() {
        POSTGRES.stop();
        RefusedException refused = assertThrows(RefusedException.class, () -> open(factory));
        assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, refused.reason());
        assertTrue(refused.getMessage().contains("pg-1"), refused.getMessage());
        POSTGRES.start();
        GameEngine<Object, Object> game = Await.result("the game opens", () -> open(factory), RefusedException.class, NotDurableException.class);
        assertEquals(1, game.apply(game.parseOperation(BET)).version());
    }

    @Test
    void theServerGoingAwayMidGameStopsAcknowledgementsAndLosesNoneOfThem() {
        GameEngine<Object, Object> game = open(factory);
        Snapshot<Object> acknowledged = null;
        Object bet = game.parseOperation(BET);
        for (int i = 1; i <= 60; i++) {
            acknowledged = game.apply(bet);
        }
        POSTGRES.stop();
        boolean refused = false;
        for (int attempt = 0; attempt < 1_000 && !refused; attempt++) {
            try {
                acknowledged = game.apply(bet); // may still commit: the writer has not tried the server yet
            } catch (NotDurableException installed) {
                // installed, not acknowledged; the writer keeps it for when the server is back
            } catch (RefusedException e) {
                assertEquals(RefusalReason.JOURNAL_UNAVAILABLE, e.reason());
                assertTrue(e.getMessage().contains("nothing is acknowledged without durability"), e.getMessage());
                refused = true;
            }
        }
        assertTrue(refused, "operations are refused while the server is down");
        Snapshot<Object> whileDown = game.current();
        POSTGRES.start();
        Snapshot<Object> resumed = Await.result("the game takes operations again", () -> game.apply(bet), RefusedException.class, NotDurableException.class);
        assertTrue(resumed.version() > whileDown.version(), "the game moved on after the server came back");
        assertTrue(resumed.version() > acknowledged.version());

        String state = game.describeState(resumed.state());
        factory.close("pg-1");
        GameEngine<Object, Object> reopened = open(factory = newFactory());
        assertEquals(resumed.version(), reopened.current().version(), "every installed operation is in the journal");
        assertEquals(resumed.hash(), reopened.current().hash());
        assertEquals(state, reopened.describeState(reopened.current().state()));
    }
}
