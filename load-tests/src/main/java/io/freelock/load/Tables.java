package io.freelock.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.engine.Durability;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.storage.jdbc.JdbcJournalStore;

/**
 * One game server as the load test runs it: an engine factory and a JDBC journal store (the classes the bundles
 * ship, wired by hand as Declarative Services would wire them), and N tables of three players each. Opening it again
 * on the same database recovers every table from its journal.
 */
public final class Tables implements AutoCloseable {

    /** The three players at every table; their keys are the same in every run, so a table opened again is the same. */
    static final List<Participant> PLAYERS = List.of(player("alice", 1), player("bob", 2), player("carol", 3));

    /** Where the journal is kept. */
    public static final class Database {
        final String kind;
        final DataSourceFactory factory;
        final String url;
        final String user;
        final String password;

        private Database(String kind, DataSourceFactory factory, String url, String user, String password) {
            this.kind = kind;
            this.factory = factory;
            this.url = url;
            this.user = user;
            this.password = password;
        }

        /** An embedded H2 file, committed as the store's default URL commits it (WRITE_DELAY=0). */
        public static Database h2(java.nio.file.Path file) {
            return new Database("h2", new org.h2.util.OsgiDataSourceFactory(org.h2.Driver.load()),
                    "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0", "freelock", "");
        }

        public static Database postgres(String url, String user, String password) {
            return new Database("postgres", new org.postgresql.osgi.PGDataSourceFactory(), url, user, password);
        }

        /**
         * @return a new, empty schema {@code name} in the PostgreSQL database at {@code url}, so that a run starts
         *         with no tables of an earlier one
         */
        public static Database postgresSchema(String url, String user, String password, String name)
                throws SQLException {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("a schema name is lower-case letters, digits and _, not " + name);
            }
            Database server = postgres(url, user, password);
            Properties credentials = new Properties();
            credentials.setProperty("user", user);
            credentials.setProperty("password", password);
            try (Connection c = server.factory.createDriver(null).connect(url, credentials);
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + name);
            }
            return postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name, user, password);
        }

        /** @return the connections the database has open for this user, less the one asking */
        int openConnections() {
            String query = kind.equals("h2") ? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                    : "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = "
                            + "current_user";
            Properties credentials = new Properties();
            credentials.setProperty("user", user);
            credentials.setProperty("password", password);
            try (Connection c = factory.createDriver(null).connect(url, credentials);
                    Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
                r.next();
                return r.getInt(1) - 1;
            } catch (SQLException e) {
                return -1;
            }
        }
    }

    final Database database;
    final JdbcJournalStore store;
    final EngineFactory engines;
    final List<GameEngine<Long, Long>> tables = new ArrayList<>();

    /**
     * Opens (or recovers) tables {@code t0..t<count-1>}.
     *
     * @param connections the most connections the journal store holds
     * @param journalThreads the threads that write every table's journal
     */
    @SuppressWarnings("unchecked")
    public Tables(Database database, int count, Durability durability, int connections, int journalThreads) {
        this.database = database;
        this.store = new JdbcJournalStore(database.factory, database.url, database.user, database.password,
                connections);
        this.engines = new EngineFactory(io.freelock.consensus.engine.EngineSettings.defaults()
                .withDurability(durability, 10_000).withSyncTimeout(Duration.ofSeconds(30))
                .withJournalThreads(journalThreads));
        engines.addRules(new CounterGame(), Map.of(StateMachine.GAME_TYPE, CounterGame.TYPE));
        engines.setJournalStore(store);
        for (int t = 0; t < count; t++) {
            tables.add((GameEngine<Long, Long>) engines.open(new GameSpec("t" + t, CounterGame.TYPE, PLAYERS)));
        }
    }

    public List<GameEngine<Long, Long>> tables() {
        return tables;
    }

    /** Closes every table (its journal written as far as it can be) and the store. */
    @Override
    public void close() {
        for (GameEngine<Long, Long> table : tables) {
            engines.close(table.gameId());
        }
        store.close();
    }

    /** A player whose key pair comes from a fixed seed: the same player in every run. */
    private static Participant player(String name, int seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(("freelock load player " + seed).getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Participant.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, random);
            PublicKey key = generator.generateKeyPair().getPublic();
            return new Participant(name, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 platform has Ed25519 and SHA1PRNG", e);
        }
    }
}
