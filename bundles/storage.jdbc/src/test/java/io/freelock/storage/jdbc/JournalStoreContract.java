package io.freelock.storage.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.consensus.StateHash;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;

/**
 * What every database behind {@link JdbcJournalStore} must do. A subclass gives each test a database of its own (a
 * fresh H2 file, a fresh PostgreSQL schema); every store a test makes, and {@link #sql()}, use that database.
 */
abstract class JournalStoreContract {

    static final String TYPE = "craps";
    static final StateHash GENESIS = genesisOf("initial state");
    static final Duration DEADLINE = Duration.ofSeconds(60);

    /** The DataSourceFactory of the database's driver. */
    protected abstract DataSourceFactory factory();

    /** The URL of this test's database. */
    protected abstract String url();

    protected abstract String user();

    protected abstract String password();

    /** The product name {@link JdbcJournalStore#describe()} starts with. */
    protected abstract String product();

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
        JdbcJournalStore store = new JdbcJournalStore(factory(), url(), user(), password);
        stores.add(store);
        return store;
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
        try (Connection c = sql(); PreparedStatement s = c.prepareStatement(query); ResultSet r = s.executeQuery()) {
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
        assertEquals(new JournalPosition(0, GENESIS), journal.head());
        List<JournalRecord> rows = appendRows(journal, 3);

        assertSame(journal, store.open("g1", TYPE, GENESIS), "one journal per game and store");
        Journal reopened = newStore().open("g1", TYPE, GENESIS);
        assertEquals(positionOf(rows.get(2)), reopened.head());
    }

    @Test
    void openingAGameAsAnotherTypeOrGenesisIsAMismatch() {
        JdbcJournalStore store = newStore();
        store.open("g1", TYPE, GENESIS);
        JdbcJournalStore other = newStore();
        for (JdbcJournalStore each : List.of(store, other)) { // the open journal, and the database's record
            JournalException type = expect(Kind.MISMATCH, () -> each.open("g1", "poker", GENESIS));
            assertEquals("g1", type.gameId());
            assertTrue(type.getMessage().contains("'g1'") && type.getMessage().contains("'craps'")
                    && type.getMessage().contains("'poker'"), type.getMessage());
            JournalException genesis = expect(Kind.MISMATCH, () -> each.open("g1", TYPE, genesisOf("other")));
            assertTrue(genesis.getMessage().contains("another genesis"), genesis.getMessage());
        }
        assertEquals(new JournalPosition(0, GENESIS), other.open("g1", TYPE, GENESIS).head());
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

        List<Long> handed = new ArrayList<>();
        JournalException corrupt = expect(Kind.CORRUPT, () -> journal.read(1, r -> handed.add(r.version())));
        assertCorruptAt(corrupt, 50);
        assertEquals(versions(1, 49), handed);
        handed.clear();
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.read(50, r -> handed.add(r.version()))), 50);
        assertEquals(List.of(), handed);
        assertEquals(versions(51, 100), readAll(journal, 51).stream().map(JournalRecord::version)
                .collect(Collectors.toList()), "rows after it still chain from it");
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
    void theLatestSnapshotIsTheOneOfTheHighestVersion() {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 30);
        assertEquals(Optional.empty(), journal.latestSnapshot());

        journal.saveSnapshot(snapshotOf(rows.get(19), "state at 20"));
        journal.saveSnapshot(snapshotOf(rows.get(9), "state at 10"));
        assertSnapshot(rows.get(19), "state at 20", journal.latestSnapshot());
        journal.saveSnapshot(snapshotOf(rows.get(19), "state at 20, again"));
        assertSnapshot(rows.get(19), "state at 20, again", journal.latestSnapshot());
        assertSnapshot(rows.get(19), "state at 20, again", newStore().open("g1", TYPE, GENESIS).latestSnapshot());
    }

    @Test
    void aSnapshotOfAMissingRowOrAnotherHashConflicts() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 10);
        JournalException missing = expect(Kind.CONFLICT,
                () -> journal.saveSnapshot(new JournalSnapshot(11, rows.get(9).hash(), new byte[] {1})));
        assertEquals(11, missing.version());
        assertTrue(missing.getMessage().contains("no row v11"), missing.getMessage());
        JournalException other = expect(Kind.CONFLICT,
                () -> journal.saveSnapshot(new JournalSnapshot(5, rows.get(9).hash(), new byte[] {1})));
        assertEquals(5, other.version());
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_snapshots"));
    }

    @Test
    void aDamagedSnapshotIsCorrupt() throws SQLException {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 20);
        journal.saveSnapshot(snapshotOf(rows.get(9), "state at 10"));
        journal.saveSnapshot(snapshotOf(rows.get(19), "state at 20"));

        update("UPDATE freelock_snapshots SET state = ? WHERE game_id = ? AND version = ?",
                "state at 2O".getBytes(UTF_8), "g1", 20);
        JournalException checksum = expect(Kind.CORRUPT, journal::latestSnapshot);
        assertCorruptAt(checksum, 20);
        assertTrue(checksum.getMessage().contains("checksum"), checksum.getMessage());

        journal.saveSnapshot(snapshotOf(rows.get(19), "state at 20"));
        update("UPDATE freelock_operations SET hash = ? WHERE game_id = ? AND version = ?", new byte[32], "g1", 20);
        assertCorruptAt(expect(Kind.CORRUPT, journal::latestSnapshot), 20);
    }

    // ---- several games, threads and stores ----

    @Test
    void gamesInOneStoreAreKeptApart() throws SQLException {
        JdbcJournalStore store = newStore();
        Journal first = store.open("g1", TYPE, GENESIS);
        Journal second = store.open("g2", "poker", genesisOf("a poker table"));
        List<JournalRecord> firstRows = appendRows(first, 20);
        List<JournalRecord> secondRows = appendRows(second, 5);
        second.saveSnapshot(snapshotOf(secondRows.get(4), "poker at 5"));

        update("DELETE FROM freelock_operations WHERE game_id = ? AND version = ?", "g1", 3);
        assertCorruptAt(expect(Kind.CORRUPT, () -> first.read(1, r -> { })), 3);
        assertRows(secondRows, readAll(second, 1));
        assertEquals(positionOf(firstRows.get(19)), first.head());
        assertEquals(Optional.empty(), first.latestSnapshot());
        assertSnapshot(secondRows.get(4), "poker at 5", second.latestSnapshot());
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
        journal.saveSnapshot(snapshotOf(rows.get(39), "state at 40"));
        first.close();
        JournalException closed = expect(Kind.UNAVAILABLE, journal::head);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());

        Journal again = newStore().open("g1", TYPE, GENESIS);
        assertEquals(positionOf(rows.get(49)), again.head());
        assertRows(rows, readAll(again, 1));
        assertSnapshot(rows.get(39), "state at 40", again.latestSnapshot());
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
        assertEquals(1, count("SELECT MAX(version) FROM freelock_schema_version"));
        update("INSERT INTO freelock_schema_version (version, installed) VALUES (?, CURRENT_TIMESTAMP)", 99);

        JdbcJournalStore store = newStore();
        JournalException refused = expect(Kind.UNAVAILABLE, store::check);
        assertTrue(refused.getMessage().contains("version 99, newer than version " + Schema.VERSION),
                refused.getMessage());
        assertEquals("g1", expect(Kind.UNAVAILABLE, () -> store.open("g1", TYPE, GENESIS)).gameId());
        assertEquals(0, count("SELECT COUNT(*) FROM freelock_games"), "nothing was written");
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

    // ---- helpers ----

    static StateHash genesisOf(String initialState) {
        return StateHash.genesis(initialState.getBytes(UTF_8));
    }

    /** @return {@code count} rows that chain on from {@code after}, their operations naming {@code tag} */
    static List<JournalRecord> rowsAfter(JournalPosition after, int count, String tag) {
        List<JournalRecord> rows = new ArrayList<>();
        StateHash hash = after.hash();
        for (long v = after.version() + 1; v <= after.version() + count; v++) {
            byte[] operation = ("operation " + v + " by " + tag).getBytes(UTF_8);
            hash = hash.next(operation);
            rows.add(new JournalRecord(v, hash, operation));
        }
        return rows;
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

    static JournalSnapshot snapshotOf(JournalRecord row, String state) {
        return new JournalSnapshot(row.version(), row.hash(), state.getBytes(UTF_8));
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
        }
    }

    static void assertSnapshot(JournalRecord row, String state, Optional<JournalSnapshot> actual) {
        assertTrue(actual.isPresent(), "a snapshot");
        assertEquals(row.version(), actual.get().version());
        assertEquals(row.hash(), actual.get().hash());
        assertEquals(state, new String(actual.get().state(), UTF_8));
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

    /** Calls {@code call} until it stops failing UNAVAILABLE, or the deadline passes. */
    static <T> T eventually(Supplier<T> call) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (JournalException e) {
                if (e.kind() != Kind.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
