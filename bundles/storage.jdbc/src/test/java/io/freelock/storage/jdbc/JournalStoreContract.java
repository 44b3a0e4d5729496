package io.freelock.storage.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.StateHash;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;

/**
 * What every database behind {@link JdbcJournalStore} must do. A subclass gives each test a database of its own (a
 * fresh H2 file, a fresh PostgreSQL schema); every store a test makes, and {@link #sql()}, use that database.
 */
abstract class JournalStoreContract {

    static final String TYPE = "craps";
    /** The version of the rules the tests' games are opened with, bound into their genesis hashes. */
    static final String RULES = "1";
    private static final PublicKey ALICE = ed25519();
    /** Game g1 as the tests open it: its first instance. */
    static final JournalGenesis GENESIS = genesisOf("g1", TYPE, instance(1), "initial state");
    /** Another instance of g1, from the same initial state: only the instance tells the two apart. */
    static final JournalGenesis ANOTHER_INSTANCE = genesisOf("g1", TYPE, instance(2), "initial state");
    static final Duration DEADLINE = Duration.ofSeconds(60);

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

    // ---- opening ----

    @Test
    void openCreatesAnEmptyJournalAndOpeningAgainFindsTheSameHead() {
        JdbcJournalStore store = newStore();
        Journal journal = store.open("g1", TYPE, GENESIS);
        assertEquals("g1", journal.gameId());
        assertEquals(GENESIS, journal.genesis());
        assertEquals(new JournalPosition(0, GENESIS.hash()), journal.head());
        List<JournalRecord> rows = appendRows(journal, 3);

        assertSame(journal, store.open("g1", TYPE, GENESIS), "one journal per game and store");
        Journal reopened = newStore().open("g1", TYPE, GENESIS);
        assertEquals(positionOf(rows.get(2)), reopened.head());
    }

    @Test
    void openingAGameAsAnotherTypeIsAMismatch() {
        JdbcJournalStore store = newStore();
        store.open("g1", TYPE, GENESIS);
        JdbcJournalStore other = newStore();
        for (JdbcJournalStore each : List.of(store, other)) { // the open journal, and the database's record
            JournalException type = expect(Kind.MISMATCH, () -> each.open("g1", "poker", GENESIS));
            assertEquals("g1", type.gameId());
            assertTrue(type.getMessage().contains("'g1'") && type.getMessage().contains("'craps'")
                    && type.getMessage().contains("'poker'"), type.getMessage());
        }
        assertEquals(new JournalPosition(0, GENESIS.hash()), other.open("g1", TYPE, GENESIS).head());
    }

    @Test
    void theGenesisRecordedFirstIsAdoptedByEveryLaterOpen() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal journal = store.open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 5);
        assertEquals(GENESIS, store.open("g1", TYPE, ANOTHER_INSTANCE).genesis(), "the open journal");

        Journal reopened = newStore().open("g1", TYPE, ANOTHER_INSTANCE);
        assertEquals(GENESIS, reopened.genesis(), "the database's record, read by a new store");
        assertEquals(GENESIS.instance(), reopened.genesis().instance());
        assertEquals(RULES, reopened.genesis().rulesVersion());
        assertRows(rows, readAll(reopened, 1)); // checked from the recorded genesis hash, not the proposed one
        assertEquals(1, count("SELECT COUNT(*) FROM freelock_games WHERE instance = '" + GENESIS.instance() + "'"));
        assertEquals(1, count("SELECT COUNT(*) FROM freelock_games"), "nothing else recorded");

        Journal empty = newStore().open("g2", TYPE, ANOTHER_INSTANCE);
        assertEquals(ANOTHER_INSTANCE, empty.genesis(), "the first open of a game records what it proposes");
        assertEquals(new JournalPosition(0, ANOTHER_INSTANCE.hash()), empty.head());
    }

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

    // ---- appending and reading ----

    @Test
    void rowsAppendedInBatchesOfAllSizesReadBackInOrder() {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> written = new ArrayList<>();
        for (int size : new int[] {1, 2, 7, 1000, 1001, 2500, 1}) {
            written.addAll(appendRows(journal, size));
        }
        assertEquals(4512, written.size());
        assertEquals(positionOf(written.get(written.size() - 1)), journal.head());
        assertRows(written, readAll(journal, 1));
    }

    @Test
    void evidenceAndDirectRowsReadBackAsWritten() {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = new ArrayList<>(rowsAfter(journal.head(), 2, "g1"));
        byte[] large = new byte[70_000]; // more than a database page holds
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        JournalRecord last = rows.get(1);
        StateHash hash = last.hash().next("signed".getBytes(UTF_8), last.stateDigest());
        rows.add(new JournalRecord(3, hash, "signed".getBytes(UTF_8), last.stateDigest(), large));
        journal.append(rows);

        List<JournalRecord> read = readAll(journal, 1);
        assertRows(rows, read);
        assertTrue(read.get(0).isDirect() && read.get(1).isDirect(), "rows applied directly");
        assertEquals(0, read.get(0).evidence().length);
        assertFalse(read.get(2).isDirect());
        assertArrayEquals(large, read.get(2).evidence());
        assertArrayEquals(rows.get(1).stateDigest(), read.get(2).stateDigest(), "an operation that changed nothing");
    }

    @Test
    void anAppendThatDoesNotFollowTheHeadConflictsAndWritesNothing() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 10);
        JournalPosition head = journal.head();
        List<JournalRecord> next = rowsAfter(head, 3, "next");

        JournalException gap = expect(Kind.CONFLICT, () -> journal.append(next.subList(1, 3)));
        assertEquals(12, gap.version());
        assertTrue(gap.getMessage().contains("'g1' is at v10") && gap.getMessage().contains("not v12"),
                gap.getMessage());
        JournalException overlap = expect(Kind.CONFLICT, () -> journal.append(List.of(rows.get(9), next.get(0))));
        assertEquals(10, overlap.version());
        JournalException holes = expect(Kind.CONFLICT, () -> journal.append(List.of(next.get(0), next.get(2))));
        assertEquals(13, holes.version());
        assertTrue(holes.getMessage().contains("contiguous"), holes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> journal.append(List.of()));

        assertEquals(head, journal.head());
        assertEquals(10, count("SELECT COUNT(*) FROM freelock_operations"));
        journal.append(next);
        assertEquals(positionOf(next.get(2)), journal.head());
    }

    @Test
    void readingFromTheMiddleStartsThereAndEndsAtTheHead() {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 100);
        assertRows(rows.subList(39, 100), readAll(journal, 40));
        assertRows(rows.subList(99, 100), readAll(journal, 100));
        assertRows(List.of(), readAll(journal, 101));
        assertRows(List.of(), readAll(journal, 5000));
        assertThrows(IllegalArgumentException.class, () -> journal.read(0, r -> { }));
    }

    // ---- corruption ----

    @Test
    void aChangedOperationIsCorruptAndNothingFromItOnIsHandedOver() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        appendRows(journal, 100);
        assertEquals(1, update("UPDATE freelock_operations SET operation = ? WHERE game_id = ? AND version = ?",
                "tampered".getBytes(UTF_8), "g1", 50));

        assertChainBrokenAt(journal, 50);
    }

    @Test
    void aChangedStateDigestIsCorruptAndNothingFromItOnIsHandedOver() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 100);
        journal.saveSnapshot(snapshotOf(rows.get(49)));
        assertEquals(1, update("UPDATE freelock_operations SET state_sha256 = ? WHERE game_id = ? AND version = ?",
                StateHash.digest("another state".getBytes(UTF_8)), "g1", 50));

        assertChainBrokenAt(journal, 50);
        JournalException snapshot = expect(Kind.CORRUPT, () -> journal.latestSnapshot(Long.MAX_VALUE));
        assertCorruptAt(snapshot, 50);
        assertTrue(snapshot.getMessage().contains("is not the state whose digest row v50 holds"),
                snapshot.getMessage());
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
    void aMissingRowIsCorruptAndNamed() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        appendRows(journal, 100);
        assertEquals(1, update("DELETE FROM freelock_operations WHERE game_id = ? AND version = ?", "g1", 50));

        List<Long> handed = new ArrayList<>();
        JournalException missing = expect(Kind.CORRUPT, () -> journal.read(1, r -> handed.add(r.version())));
        assertCorruptAt(missing, 50);
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertEquals(versions(1, 49), handed);
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.read(51, r -> handed.add(r.version()))), 50);
        assertEquals(versions(1, 49), handed, "the row a read continues from is missing: nothing handed over");
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

    // ---- snapshots ----

    @Test
    void theLatestSnapshotIsTheOneOfTheHighestVersion() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 30);
        assertEquals(Optional.empty(), journal.latestSnapshot(Long.MAX_VALUE));

        journal.saveSnapshot(snapshotOf(rows.get(19)));
        journal.saveSnapshot(snapshotOf(rows.get(9)));
        assertSnapshot(rows.get(19), journal.latestSnapshot(Long.MAX_VALUE));
        journal.saveSnapshot(snapshotOf(rows.get(19)));
        assertEquals(2, count("SELECT COUNT(*) FROM freelock_snapshots"), "saved again, it replaces itself");
        assertSnapshot(rows.get(19), journal.latestSnapshot(Long.MAX_VALUE));
        assertSnapshot(rows.get(19), newStore().open("g1", TYPE, GENESIS).latestSnapshot(Long.MAX_VALUE));
    }

    @Test
    void theLatestSnapshotAtMostAVersionIsTheNewestAtOrBelowIt() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 40);
        for (int version : new int[] {30, 10, 20}) {
            journal.saveSnapshot(snapshotOf(rows.get(version - 1)));
        }
        assertSnapshot(rows.get(29), journal.latestSnapshot(40));
        assertSnapshot(rows.get(29), journal.latestSnapshot(30));
        assertSnapshot(rows.get(19), journal.latestSnapshot(29));
        assertSnapshot(rows.get(19), journal.latestSnapshot(20));
        assertSnapshot(rows.get(9), journal.latestSnapshot(19));
        assertSnapshot(rows.get(9), journal.latestSnapshot(10));
        assertEquals(Optional.empty(), journal.latestSnapshot(9), "below the first snapshot");
        assertEquals(Optional.empty(), journal.latestSnapshot(0));
        assertEquals(Optional.empty(), journal.latestSnapshot(-1));

        update("UPDATE freelock_snapshots SET state = ? WHERE game_id = ? AND version = ?",
                "tampered".getBytes(UTF_8), "g1", 30);
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.latestSnapshot(30)), 30);
        assertSnapshot(rows.get(19), journal.latestSnapshot(29)); // one below a damaged snapshot is not read
    }

    @Test
    void aSnapshotOfAMissingRowOrAnotherHashOrAnotherStateConflicts() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 10);
        JournalException missing = expect(Kind.CONFLICT,
                () -> journal.saveSnapshot(new JournalSnapshot(11, rows.get(9).hash(), new byte[] {1})));
        assertEquals(11, missing.version());
        assertTrue(missing.getMessage().contains("no row v11"), missing.getMessage());
        JournalException other = expect(Kind.CONFLICT,
                () -> journal.saveSnapshot(new JournalSnapshot(5, rows.get(9).hash(), new byte[] {1})));
        assertEquals(5, other.version());
        JournalException otherState = expect(Kind.CONFLICT,
                () -> journal.saveSnapshot(new JournalSnapshot(10, rows.get(9).hash(), new byte[] {1})));
        assertTrue(otherState.getMessage().contains("is not the state whose digest row v10 holds"),
                otherState.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_snapshots"));
    }

    @Test
    void aDamagedSnapshotIsCorrupt() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 20);
        journal.saveSnapshot(snapshotOf(rows.get(9)));
        journal.saveSnapshot(snapshotOf(rows.get(19)));

        byte[] edited = stateOf(rows.get(19));
        edited[edited.length - 1] ^= 1;
        update("UPDATE freelock_snapshots SET state = ? WHERE game_id = ? AND version = ?", edited, "g1", 20);
        JournalException digest = expect(Kind.CORRUPT, () -> journal.latestSnapshot(Long.MAX_VALUE));
        assertCorruptAt(digest, 20);
        assertTrue(digest.getMessage().contains("is not the state whose digest row v20 holds"), digest.getMessage());

        journal.saveSnapshot(snapshotOf(rows.get(19)));
        assertSnapshot(rows.get(19), journal.latestSnapshot(Long.MAX_VALUE));
        update("UPDATE freelock_operations SET hash = ? WHERE game_id = ? AND version = ?", new byte[32], "g1", 20);
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.latestSnapshot(Long.MAX_VALUE)), 20);
    }

    // ---- several games, threads and stores ----

    @Test
    void gamesInOneStoreAreKeptApart() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal first = store.open("g1", TYPE, GENESIS);
        Journal second = store.open("g2", "poker", genesisOf("g2", "poker", instance(1), "a poker table"));
        List<JournalRecord> firstRows = appendRows(first, 20);
        List<JournalRecord> secondRows = appendRows(second, 5);
        second.saveSnapshot(snapshotOf(secondRows.get(4)));

        update("DELETE FROM freelock_operations WHERE game_id = ? AND version = ?", "g1", 3);
        assertCorruptAt(expect(Kind.CORRUPT, () -> first.read(1, r -> { })), 3);
        assertRows(secondRows, readAll(second, 1));
        assertEquals(positionOf(firstRows.get(19)), first.head());
        assertEquals(Optional.empty(), first.latestSnapshot(Long.MAX_VALUE));
        assertSnapshot(secondRows.get(4), second.latestSnapshot(Long.MAX_VALUE));
    }

    @Test
    void threadsAppendingToDifferentGamesDoNotDisturbEachOther() throws Exception {
        JdbcJournalStore store = newStore();
        int games = 4;
        int batches = 25;
        ExecutorService threads = Executors.newFixedThreadPool(games);
        try {
            CyclicBarrier together = new CyclicBarrier(games);
            List<Future<List<JournalRecord>>> results = new ArrayList<>();
            for (int g = 0; g < games; g++) {
                String gameId = "g" + g;
                results.add(threads.submit(() -> {
                    Journal journal = store.open(gameId, TYPE, GENESIS);
                    together.await();
                    List<JournalRecord> written = new ArrayList<>();
                    for (int b = 0; b < batches; b++) {
                        written.addAll(appendRows(journal, 4));
                    }
                    return written;
                }));
            }
            for (int g = 0; g < games; g++) {
                List<JournalRecord> written = results.get(g).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertRows(written, readAll(store.open("g" + g, TYPE, GENESIS), 1));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void writersRacingForOneGameThroughTwoStoresKeepOneChain() throws Exception {
        List<Journal> journals = List.of(newStore().open("g1", TYPE, GENESIS), newStore().open("g1", TYPE, GENESIS));
        int writers = 4;
        int rowsEach = 15;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier together = new CyclicBarrier(writers);
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Journal journal = journals.get(w % 2);
                String writer = "writer " + w;
                conflicts.add(threads.submit(() -> {
                    together.await();
                    int lost = 0;
                    for (int written = 0; written < rowsEach; ) {
                        try {
                            journal.append(rowsAfter(journal.head(), 1, writer));
                            written++;
                        } catch (JournalException e) {
                            if (e.kind() != Kind.CONFLICT) {
                                throw e;
                            }
                            lost++; // another writer took that version: go on from the new head
                        }
                    }
                    return lost;
                }));
            }
            for (Future<Integer> each : conflicts) {
                each.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<JournalRecord> all = readAll(journals.get(0), 1); // checks the chain
        assertEquals(writers * rowsEach, all.size());
        assertEquals(positionOf(all.get(all.size() - 1)), journals.get(1).head());
    }

    @Test
    void aClosedJournalOpensAgainOnItsNextCall() {
        JdbcJournalStore store = newStore();
        Journal journal = store.open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 5);
        journal.close();
        assertEquals(positionOf(rows.get(4)), journal.head());
        journal.close();
        appendRows(journal, 1);
        assertEquals(6, journal.head().version());
        assertEquals(6, readAll(journal, 1).size());
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

    @Test
    void aReadsConsumerCannotCallItsJournal() {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 3);
        assertThrows(IllegalStateException.class, () -> journal.read(1, r -> journal.head()));
        assertEquals(positionOf(rows.get(2)), journal.head(), "the journal works on");
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
    void appendAllWritesEveryGameThatFollowsItsHeadAndRefusesOnlyTheOneThatDoesNot() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal g1 = store.open("g1", TYPE, GENESIS);
        Journal g2 = store.open("g2", TYPE, GENESIS);
        Journal g3 = store.open("g3", TYPE, GENESIS);
        List<JournalRecord> before = appendRows(g2, 4);
        List<JournalRecord> rows1 = rowsAfter(g1.head(), 3, "g1");
        List<JournalRecord> rows2 = rowsAfter(g2.head(), 2, "g2");
        List<JournalRecord> rows3 = rowsAfter(g3.head(), 1, "g3");
        Map<Journal, List<JournalRecord>> group = new LinkedHashMap<>();
        group.put(g1, rows1);
        group.put(g2, rows2.subList(1, 2)); // v6 after v4: a gap
        group.put(g3, rows3);

        Map<Journal, JournalException> refused = store.appendAll(group);

        assertEquals(Set.of(g2), refused.keySet(), refused::toString);
        JournalException gap = refused.get(g2);
        assertEquals(Kind.CONFLICT, gap.kind());
        assertEquals("g2", gap.gameId());
        assertEquals(6, gap.version());
        assertRows(rows1, readAll(g1, 1));
        assertRows(before, readAll(g2, 1));
        assertRows(rows3, readAll(g3, 1));
        assertEquals(8, count("SELECT COUNT(*) FROM freelock_operations"));
    }

    @Test
    void aGroupWhoseTransactionFailsRefusesEveryGameInItAndWritesNothing() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal g1 = store.open("g1", TYPE, GENESIS);
        Journal g2 = store.open("g2", TYPE, GENESIS);
        Map<Journal, List<JournalRecord>> group = new LinkedHashMap<>();
        group.put(g1, rowsAfter(g1.head(), 2, "g1"));
        group.put(g2, rowsAfter(g2.head(), 1, "g2"));
        // the transaction fails on its first statement, reading the heads, before any game's rows are sent
        update("ALTER TABLE freelock_operations RENAME TO freelock_operations_away");
        Map<Journal, JournalException> refused;
        try {
            refused = store.appendAll(group);
        } finally {
            update("ALTER TABLE freelock_operations_away RENAME TO freelock_operations");
        }
        assertEquals(Set.of(g1, g2), refused.keySet(), "no game of a failed transaction is reported written");
        refused.forEach((journal, e) -> {
            assertEquals(Kind.UNAVAILABLE, e.kind(), e::getMessage);
            assertEquals(journal.gameId(), e.gameId());
        });
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_operations"));
        assertTrue(store.appendAll(group).isEmpty(), "the same group is written once the table is back");
        assertEquals(3, count("SELECT COUNT(*) FROM freelock_operations"));
    }

    @Test
    void appendAllRefusesAForeignJournalOrAnEmptyAppendBeforeWritingAnything() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal mine = store.open("g1", TYPE, GENESIS);
        Journal foreign = newStore().open("g2", TYPE, GENESIS);
        Map<Journal, List<JournalRecord>> group = new LinkedHashMap<>();
        group.put(mine, rowsAfter(mine.head(), 2, "g1"));
        group.put(foreign, rowsAfter(foreign.head(), 2, "g2"));
        IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class, () -> store.appendAll(group));
        assertTrue(notOurs.getMessage().contains("'g2'") && notOurs.getMessage().contains("not opened by this store"),
                notOurs.getMessage());
        group.remove(foreign);
        group.put(store.open("g3", TYPE, GENESIS), List.of());
        assertThrows(IllegalArgumentException.class, () -> store.appendAll(group));
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_operations"));
    }

    @Test
    void appendAllToAClosedStoreRefusesEveryGameAsUnavailable() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal g1 = store.open("g1", TYPE, GENESIS);
        Journal g2 = store.open("g2", TYPE, GENESIS);
        Map<Journal, List<JournalRecord>> group = new LinkedHashMap<>();
        group.put(g1, rowsAfter(g1.head(), 1, "g1"));
        group.put(g2, rowsAfter(g2.head(), 1, "g2"));
        store.close();
        Map<Journal, JournalException> refused = store.appendAll(group);
        assertEquals(Set.of(g1, g2), refused.keySet());
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

    // ---- helpers ----

    private static PublicKey ed25519() {
        return Participant.generateKeys().getPublic();
    }

    /** @return the 64 hex digits naming instance {@code n} of a game */
    static String instance(int n) {
        return String.format("%064x", n);
    }

    /** @return the genesis an engine computes for that instance of the game, opened with the rules {@link #RULES} */
    static JournalGenesis genesisOf(String gameId, String gameType, String instance, String initialState) {
        GameSpec spec = new GameSpec(gameId, gameType, List.of(new Participant("alice", ALICE)))
                .withInstance(instance);
        StateHash hash = StateHash.genesis(spec, RULES, StateHash.digest(initialState.getBytes(UTF_8)));
        return new JournalGenesis(instance, RULES, hash);
    }

    /**
     * @return {@code count} rows that chain on from {@code after} as an engine's do: each binds its operation
     *         (naming {@code tag}) and the digest of the state it led to, {@link #stateOf} the row. Every third
     *         version carries evidence (a signed proposal and votes); the others were applied directly.
     */
    static List<JournalRecord> rowsAfter(JournalPosition after, int count, String tag) {
        List<JournalRecord> rows = new ArrayList<>();
        StateHash hash = after.hash();
        for (long v = after.version() + 1; v <= after.version() + count; v++) {
            byte[] operation = ("operation " + v + " by " + tag).getBytes(UTF_8);
            byte[] stateDigest = StateHash.digest(stateAfter(operation));
            hash = hash.next(operation, stateDigest);
            byte[] evidence = v % 3 == 0 ? ("proposal and votes for v" + v + " by " + tag).getBytes(UTF_8)
                    : new byte[0];
            rows.add(new JournalRecord(v, hash, operation, stateDigest, evidence));
        }
        return rows;
    }

    /** @return the canonical state that {@code row}'s operation led to, in the rows {@link #rowsAfter} makes */
    static byte[] stateOf(JournalRecord row) {
        return stateAfter(row.operation());
    }

    private static byte[] stateAfter(byte[] operation) {
        return ("state after " + new String(operation, UTF_8)).getBytes(UTF_8);
    }

    static List<JournalRecord> appendRows(Journal journal, int count) {
        List<JournalRecord> rows = rowsAfter(journal.head(), count, journal.gameId());
        journal.append(rows);
        return rows;
    }

    static List<JournalRecord> readAll(Journal journal, long from) {
        List<JournalRecord> rows = new ArrayList<>();
        journal.read(from, rows::add);
        return rows;
    }

    static JournalPosition positionOf(JournalRecord row) {
        return new JournalPosition(row.version(), row.hash());
    }

    /** @return the snapshot of the state at {@code row}, one of {@link #rowsAfter} */
    static JournalSnapshot snapshotOf(JournalRecord row) {
        return new JournalSnapshot(row.version(), row.hash(), stateOf(row));
    }

    static List<Long> versions(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    static void assertRows(List<JournalRecord> expected, List<JournalRecord> actual) {
        assertEquals(expected.size(), actual.size(), "rows");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).version(), actual.get(i).version());
            assertEquals(expected.get(i).hash(), actual.get(i).hash());
            assertArrayEquals(expected.get(i).operation(), actual.get(i).operation());
            assertArrayEquals(expected.get(i).stateDigest(), actual.get(i).stateDigest());
            assertArrayEquals(expected.get(i).evidence(), actual.get(i).evidence());
            assertEquals(expected.get(i).isDirect(), actual.get(i).isDirect());
        }
    }

    /** Asserts that {@code actual} is the snapshot of {@code row}, one of {@link #rowsAfter}. */
    static void assertSnapshot(JournalRecord row, Optional<JournalSnapshot> actual) {
        assertTrue(actual.isPresent(), "a snapshot");
        assertEquals(row.version(), actual.get().version());
        assertEquals(row.hash(), actual.get().hash());
        assertArrayEquals(stateOf(row), actual.get().state());
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

    /**
     * Asserts that row {@code version} of g1, among 100 rows, does not chain from the row before it: a read hands
     * over the rows before it and none from it on, and rows after it still chain from it.
     */
    static void assertChainBrokenAt(Journal journal, long version) {
        List<Long> handed = new ArrayList<>();
        JournalException corrupt = expect(Kind.CORRUPT, () -> journal.read(1, r -> handed.add(r.version())));
        assertCorruptAt(corrupt, version);
        assertTrue(corrupt.getMessage().contains("does not chain from v" + (version - 1)), corrupt.getMessage());
        assertEquals(versions(1, version - 1), handed);
        handed.clear();
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.read(version, r -> handed.add(r.version()))), version);
        assertEquals(List.of(), handed);
        assertEquals(versions(version + 1, 100), readAll(journal, version + 1).stream().map(JournalRecord::version)
                .collect(Collectors.toList()), "rows after it still chain from it");
    }

    static JournalException expect(Kind kind, Executable call) {
        JournalException thrown = assertThrows(JournalException.class, call);
        assertEquals(kind, thrown.kind(), thrown::getMessage);
        return thrown;
    }

    static void assertCorruptAt(JournalException corrupt, long version) {
        assertEquals(Kind.CORRUPT, corrupt.kind());
        assertEquals(version, corrupt.version(), corrupt::getMessage);
        assertEquals("g1", corrupt.gameId());
        assertTrue(corrupt.getMessage().contains("'g1'") && corrupt.getMessage().contains("v" + version),
                corrupt.getMessage());
    }
}
