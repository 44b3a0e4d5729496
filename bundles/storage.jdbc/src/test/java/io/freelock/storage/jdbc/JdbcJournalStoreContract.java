package io.freelock.storage.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.storage.Journal;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalRecord;
import io.freelock.consensus.testkit.JournalStoreContract;

/**
 * What every database behind {@link JdbcJournalStore} must do: the contract of every journal store, and what only a
 * database has (its schema, its connections, its user and password, and columns a person can fill with bytes of the
 * wrong length). A subclass gives each test a database of its own (a fresh H2 file, a fresh PostgreSQL schema); every
 * store a test makes, and {@link #sql()}, use that database.
 */
abstract class JdbcJournalStoreContract extends JournalStoreContract {

    /** The DataSourceFactory of the database's driver. */
    protected abstract DataSourceFactory factory();

    /** The URL of this test's database. */
    protected abstract String url();

    protected abstract String user();

    protected abstract String password();

    /** The product name {@link JdbcJournalStore#describe()} starts with. */
    protected abstract String product();

    /**
     * @return a query, run on {@link #sql()}, whose single value is the number of connections the database has open
     *         for this test's user now (the query's own included)
     */
    protected abstract String openConnectionsQuery();

    /** @return the URL of another database, new and empty, reached with the same driver, user and password */
    protected abstract String anotherDatabase() throws SQLException;

    private final List<JdbcJournalStore> stores = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcJournalStore::close);
    }

    /** A new store on this test's database, closed after the test. */
    @Override
    protected final JdbcJournalStore newStore() {
        return storeWithPassword(password());
    }

    protected final JdbcJournalStore storeWithPassword(String password) {
        return store(url(), password);
    }

    /** A new store on the database at {@code url}, closed after the test. */
    protected final JdbcJournalStore newStore(String url) {
        return store(url, password());
    }

    private JdbcJournalStore store(String url, String password) {
        JdbcJournalStore store = new JdbcJournalStore(factory(), url, user(), password);
        stores.add(store);
        return store;
    }

    /** Configures {@code store} anew, as ConfigAdmin would, for the database at {@code url}. */
    protected final void pointAt(JdbcJournalStore store, String url) {
        String driverClass = factory().getClass().getName(); // what the store lists its own factory under
        String user = user();
        String password = password();
        store.modified(null, new JdbcJournalStore.Config() { // the context is only read for an empty url
            @Override
            public Class<? extends Annotation> annotationType() {
                return JdbcJournalStore.Config.class;
            }

            @Override
            public String driverClass() {
                return driverClass;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String _password() {
                return password;
            }

            @Override
            public int maxConnections() {
                return 8;
            }

            @Override
            public long connectionWaitMillis() {
                return 5_000;
            }
        });
    }

    /** A plain connection to this test's database, in autocommit mode, for what the store would never do. */
    protected final Connection sql() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user());
        credentials.setProperty("password", password());
        return factory().createDriver(null).connect(url(), credentials);
    }

    protected final int update(String statement, Object... parameters) throws SQLException {
        try (Connection c = sql(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }

    protected final long count(String query) throws SQLException {
        try (Connection c = sql()) {
            return count(c, query);
        }
    }

    private static long count(Connection c, String query) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(query); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    // ---- the database, edited behind the stores' backs ----

    @Override
    protected final long gameCount() throws SQLException {
        return count("SELECT COUNT(*) FROM freelock_games");
    }

    @Override
    protected final long gamesOfInstance(String instance) throws SQLException {
        return count("SELECT COUNT(*) FROM freelock_games WHERE instance = '" + instance + "'");
    }

    @Override
    protected final long rowCount() throws SQLException {
        return count("SELECT COUNT(*) FROM freelock_operations");
    }

    @Override
    protected final long snapshotCount() throws SQLException {
        return count("SELECT COUNT(*) FROM freelock_snapshots");
    }

    @Override
    protected final void editOperation(String gameId, long version, byte[] operation) throws SQLException {
        assertEquals(1, update("UPDATE freelock_operations SET operation = ? WHERE game_id = ? AND version = ?",
                operation, gameId, version));
    }

    @Override
    protected final void editStateDigest(String gameId, long version, byte[] digest) throws SQLException {
        assertEquals(1, update("UPDATE freelock_operations SET state_sha256 = ? WHERE game_id = ? AND version = ?",
                digest, gameId, version));
    }

    @Override
    protected final void editHash(String gameId, long version, byte[] hash) throws SQLException {
        assertEquals(1, update("UPDATE freelock_operations SET hash = ? WHERE game_id = ? AND version = ?", hash,
                gameId, version));
    }

    @Override
    protected final void deleteRow(String gameId, long version) throws SQLException {
        assertEquals(1, update("DELETE FROM freelock_operations WHERE game_id = ? AND version = ?", gameId, version));
    }

    @Override
    protected final void editSnapshotState(String gameId, long version, byte[] state) throws SQLException {
        assertEquals(1, update("UPDATE freelock_snapshots SET state = ? WHERE game_id = ? AND version = ?", state,
                gameId, version));
    }

    // ---- what only a database has ----

    @Test
    void aJournalPointedAtAnotherDatabaseHoldingAnotherInstanceOfItsGameIsAMismatch() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal journal = store.open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 5);
        String other = anotherDatabase();
        JdbcJournalStore storeOfOther = newStore(other);
        appendRows(storeOfOther.open("g1", TYPE, ANOTHER_INSTANCE), 7);

        pointAt(store, other);
        JournalException mismatch = expect(Kind.MISMATCH, journal::head);
        assertEquals("g1", mismatch.gameId());
        assertTrue(mismatch.getMessage().contains("another instance of game 'g1'")
                && mismatch.getMessage().contains(ANOTHER_INSTANCE.instance().substring(0, 12))
                && mismatch.getMessage().contains(GENESIS.instance().substring(0, 12)), mismatch.getMessage());
        expect(Kind.MISMATCH, () -> journal.append(rowsAfter(positionOf(rows.get(4)), 1, "g1")));
        assertEquals(GENESIS, journal.genesis(), "the journal keeps the instance it was reading");
        assertEquals(7, storeOfOther.open("g1", TYPE, ANOTHER_INSTANCE).head().version(), "nothing was written");

        pointAt(store, url());
        assertEquals(positionOf(rows.get(4)), journal.head(), "back on its own database, the journal works again");
        assertRows(rows, readAll(journal, 1));
    }

    @Test
    void aStateDigestOfTheWrongLengthIsCorrupt() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        appendRows(journal, 10);
        update("UPDATE freelock_operations SET state_sha256 = ? WHERE game_id = ? AND version = ?", new byte[31],
                "g1", 4);

        List<Long> handed = new ArrayList<>();
        JournalException read = expect(Kind.CORRUPT, () -> journal.read(1, r -> handed.add(r.version())));
        assertCorruptAt(read, 4);
        assertTrue(read.getMessage().contains("state digest of 31 bytes"), read.getMessage());
        assertEquals(versions(1, 3), handed);
    }

    @Test
    void aHashOfTheWrongLengthIsCorrupt() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        appendRows(journal, 100);
        update("UPDATE freelock_operations SET hash = ? WHERE game_id = ? AND version = ?", new byte[31], "g1", 30);
        update("UPDATE freelock_operations SET hash = ? WHERE game_id = ? AND version = ?", new byte[33], "g1", 100);

        List<Long> handed = new ArrayList<>();
        JournalException read = expect(Kind.CORRUPT, () -> journal.read(1, r -> handed.add(r.version())));
        assertCorruptAt(read, 30);
        assertTrue(read.getMessage().contains("31 bytes"), read.getMessage());
        assertEquals(versions(1, 29), handed);
        assertCorruptAt(expect(Kind.CORRUPT, journal::head), 100);
    }

    @Test
    void aJournalOutlivesItsStore() {
        JdbcJournalStore first = newStore();
        Journal journal = first.open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 50);
        journal.saveSnapshot(snapshotOf(rows.get(39)));
        first.close();
        JournalException closed = expect(Kind.UNAVAILABLE, journal::head);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());

        Journal again = newStore().open("g1", TYPE, GENESIS);
        assertEquals(positionOf(rows.get(49)), again.head());
        assertRows(rows, readAll(again, 1));
        assertSnapshot(rows.get(39), again.latestSnapshot(Long.MAX_VALUE));
    }

    // ---- the database as such ----

    @Test
    void describeNamesTheDatabaseAndTheUserButNotThePassword() {
        JdbcJournalStore store = newStore();
        store.check();
        String description = store.describe();
        assertTrue(description.startsWith(product() + " ") && description.contains(" at " + url())
                && description.contains("(user " + user() + ")"), description);
        assertFalse(description.contains(password()), description);
    }

    @Test
    void aWrongPasswordMakesTheStoreUnavailableWithoutShowingIt() {
        newStore().check(); // the database exists, with its user
        String wrong = "not-" + password();
        JdbcJournalStore store = storeWithPassword(wrong);
        JournalException refused = expect(Kind.UNAVAILABLE, store::check);
        assertTrue(refused.getMessage().contains(url()) && refused.getMessage().contains("user " + user())
                && refused.getMessage().toLowerCase().contains("password"), refused.getMessage());
        for (String text : List.of(refused.getMessage(), store.describe())) {
            assertFalse(text.contains(wrong) || text.contains(password()), text);
        }
    }

    @Test
    void aSchemaNewerThanTheBundleKnowsIsRefused() throws SQLException {
        newStore().check();
        assertEquals(Schema.VERSION, count("SELECT MAX(version) FROM freelock_schema_version"));
        update("INSERT INTO freelock_schema_version (version, installed) VALUES (?, CURRENT_TIMESTAMP)", 99);

        JdbcJournalStore store = newStore();
        JournalException refused = expect(Kind.UNAVAILABLE, store::check);
        assertTrue(refused.getMessage().contains("version 99, newer than version " + Schema.VERSION),
                refused.getMessage());
        assertEquals("g1", expect(Kind.UNAVAILABLE, () -> store.open("g1", TYPE, GENESIS)).gameId());
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_games"), "nothing was written");
    }

    @Test
    void aDatabaseHoldingSchemaVersion1IsRefusedAndLeftAsItIs() throws SQLException {
        String binary = product().equals("PostgreSQL") ? "BYTEA" : "VARBINARY";
        try (Connection c = sql(); Statement s = c.createStatement()) { // the tables of schema version 1
            s.execute("CREATE TABLE freelock_schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "installed TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE TABLE freelock_games (game_id VARCHAR(255) NOT NULL PRIMARY KEY, game_type "
                    + "VARCHAR(255) NOT NULL, genesis " + binary + " NOT NULL, "
                    + "created TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE TABLE freelock_operations (game_id VARCHAR(255) NOT NULL REFERENCES freelock_games "
                    + "(game_id), version BIGINT NOT NULL, hash " + binary + " NOT NULL, operation " + binary
                    + " NOT NULL, PRIMARY KEY (game_id, version))");
            s.execute("CREATE TABLE freelock_snapshots (game_id VARCHAR(255) NOT NULL REFERENCES freelock_games "
                    + "(game_id), version BIGINT NOT NULL, hash " + binary + " NOT NULL, state " + binary
                    + " NOT NULL, state_sha256 " + binary + " NOT NULL, PRIMARY KEY (game_id, version))");
            s.execute("INSERT INTO freelock_schema_version (version, installed) VALUES (1, CURRENT_TIMESTAMP)");
        }
        update("INSERT INTO freelock_games (game_id, game_type, genesis, created) VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                "g1", TYPE, new byte[32]);
        update("INSERT INTO freelock_operations (game_id, version, hash, operation) VALUES (?, ?, ?, ?)", "g1", 1,
                new byte[32], "operation 1".getBytes(UTF_8));
        Set<String> operationColumns = columns("freelock_operations");
        assertEquals(Set.of("game_id", "version", "hash", "operation"), operationColumns);
        Set<String> gameColumns = columns("freelock_games");
        Set<String> snapshotColumns = columns("freelock_snapshots");

        JdbcJournalStore store = newStore();
        JournalException refused = expect(Kind.UNAVAILABLE, store::check);
        assertTrue(refused.getMessage().contains("it holds journal schema version 1,")
                && refused.getMessage().contains("cannot be verified"), refused.getMessage());
        assertTrue(store.describe().contains("schema version 1"), store.describe());
        JournalException open = expect(Kind.UNAVAILABLE, () -> store.open("g1", TYPE, GENESIS));
        assertEquals("g1", open.gameId());
        assertTrue(open.getMessage().contains("schema version 1"), open.getMessage());
        expect(Kind.UNAVAILABLE, () -> store.open("g2", TYPE, GENESIS));

        assertEquals(1, count("SELECT COUNT(*) FROM freelock_schema_version"), "no version was added");
        assertEquals(1, count("SELECT MAX(version) FROM freelock_schema_version"));
        assertEquals(operationColumns, columns("freelock_operations"));
        assertEquals(gameColumns, columns("freelock_games"));
        assertEquals(snapshotColumns, columns("freelock_snapshots"));
        assertEquals(1, count("SELECT COUNT(*) FROM freelock_games"), "g2 was not recorded");
        assertEquals(1, count("SELECT COUNT(*) FROM freelock_operations"));
    }

    @Test
    void storesCreatingTheSchemaAtOnceAllSucceed() throws Exception {
        int creators = 4;
        ExecutorService threads = Executors.newFixedThreadPool(creators);
        try {
            CyclicBarrier together = new CyclicBarrier(creators);
            List<Future<String>> opened = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                String gameId = "g" + i;
                opened.add(threads.submit(() -> {
                    together.await();
                    return newStore().open(gameId, TYPE, GENESIS).gameId();
                }));
            }
            for (int i = 0; i < creators; i++) {
                assertEquals("g" + i, opened.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, count("SELECT COUNT(*) FROM freelock_schema_version"));
        assertEquals(creators, count("SELECT COUNT(*) FROM freelock_games"));
    }

    // ---- group commit and the connection pool ----

    @Test
    void aGroupWhoseTransactionFailsRefusesEveryGameInItAndWritesNothing() throws SQLException {
        JdbcJournalStore store = newStore();
        Map<Journal, List<JournalRecord>> group = twoGames(store, 2);
        // the transaction fails on its first statement, reading the heads, before any game's rows are sent
        update("ALTER TABLE freelock_operations RENAME TO freelock_operations_away");
        Map<Journal, JournalException> refused;
        try {
            refused = store.appendAll(group);
        } finally {
            update("ALTER TABLE freelock_operations_away RENAME TO freelock_operations");
        }
        assertEquals(group.keySet(), refused.keySet(), "no game of a failed transaction is reported written");
        refused.forEach((journal, e) -> {
            assertEquals(Kind.UNAVAILABLE, e.kind(), e::getMessage);
            assertEquals(journal.gameId(), e.gameId());
        });
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_operations"));
        assertTrue(store.appendAll(group).isEmpty(), "the same group is written once the table is back");
        assertEquals(3, count("SELECT COUNT(*) FROM freelock_operations"));
    }

    @Test
    void appendAllToAClosedStoreRefusesEveryGameAsUnavailable() throws SQLException {
        JdbcJournalStore store = newStore();
        Map<Journal, List<JournalRecord>> group = twoGames(store, 1);
        store.close();
        Map<Journal, JournalException> refused = store.appendAll(group);
        assertEquals(group.keySet(), refused.keySet());
        refused.values().forEach(e -> assertEquals(Kind.UNAVAILABLE, e.kind(), e::getMessage));
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_operations"));
    }

    @Test
    void manyGamesWritingAtOnceShareABoundedNumberOfConnections() throws Exception {
        int connections = 3;
        int games = 40;
        JdbcJournalStore store = new JdbcJournalStore(factory(), url(), user(), password(), connections);
        stores.add(store);
        // One connection for every count: a new one per count would leave the last one's server process in
        // PostgreSQL's view for a moment after it closed, counted next to its successor.
        Connection probing = sql();
        long before = count(probing, openConnectionsQuery());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong most = new AtomicLong();
        Thread probe = new Thread(() -> {
            while (running.get()) {
                try {
                    most.accumulateAndGet(count(probing, openConnectionsQuery()), Math::max);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        });
        try {
            probe.start();
            List<Future<List<JournalRecord>>> written = new ArrayList<>();
            for (int g = 0; g < games; g++) {
                String gameId = "g" + g;
                written.add(threads.submit(() -> {
                    Journal journal = store.open(gameId, TYPE, GENESIS);
                    List<JournalRecord> rows = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        rows.addAll(appendRows(journal, 2));
                    }
                    return rows;
                }));
            }
            for (int g = 0; g < games; g++) {
                assertRows(written.get(g).get(DEADLINE.toSeconds(), TimeUnit.SECONDS),
                        readAll(store.open("g" + g, TYPE, GENESIS), 1));
            }
        } finally {
            running.set(false);
            probe.join();
            threads.shutdownNow();
            probing.close();
        }
        // the probe's own connection is counted in both, and another's may come and go in the database meanwhile
        assertTrue(most.get() - before <= connections, "at most " + connections + " connections for " + games
                + " games, but the database saw " + most.get() + " with " + before + " before the store");
        assertTrue(most.get() > before, "the probe saw the store's connections");
    }

    /** @return a group commit of {@code rowsOfG1} rows to g1 and one row to g2, both opened on {@code store} */
    private static Map<Journal, List<JournalRecord>> twoGames(JdbcJournalStore store, int rowsOfG1) {
        Journal g1 = store.open("g1", TYPE, GENESIS);
        Journal g2 = store.open("g2", TYPE, GENESIS);
        Map<Journal, List<JournalRecord>> group = new LinkedHashMap<>();
        group.put(g1, rowsAfter(g1.head(), rowsOfG1, "g1"));
        group.put(g2, rowsAfter(g2.head(), 1, "g2"));
        return group;
    }

    /** @return the lower-case names of {@code table}'s columns in this test's database */
    protected final Set<String> columns(String table) throws SQLException {
        try (Connection c = sql(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = r.getMetaData();
            Set<String> names = new TreeSet<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }
}
