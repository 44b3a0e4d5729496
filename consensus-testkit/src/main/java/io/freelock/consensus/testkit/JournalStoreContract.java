package io.freelock.consensus.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.StateHash;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;
import io.freelock.storage.JournalStore;

/**
 * What every {@link JournalStore} must do, whatever keeps its journals: a database through JDBC or the memory of the
 * tests' {@link MemoryJournalStore}. A subclass gives each test a database of its own, makes stores on it
 * ({@link #newStore()}), and edits it behind the stores' backs as a person with access to it could (the methods
 * named edit and delete), so that the contract can check each store finds what was changed.
 */
public abstract class JournalStoreContract {

    public static final String TYPE = "craps";
    /** The version of the rules the tests' games are opened with, bound into their genesis hashes. */
    public static final String RULES = "1";
    private static final Players ALICE = Players.withKeys("alice");
    /** Game g1 as the tests open it: its first instance. */
    public static final JournalGenesis GENESIS = genesisOf("g1", TYPE, instance(1), "initial state");
    /** Another instance of g1, from the same initial state: only the instance tells the two apart. */
    public static final JournalGenesis ANOTHER_INSTANCE = genesisOf("g1", TYPE, instance(2), "initial state");
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    /** @return a new store on this test's database (the same one every call, and every edit, uses) */
    protected abstract JournalStore newStore();

    /** @return how many games this test's database records */
    protected abstract long gameCount() throws Exception;

    /** @return how many games this test's database records as instance {@code instance} */
    protected abstract long gamesOfInstance(String instance) throws Exception;

    /** @return how many rows, of every game, this test's database holds */
    protected abstract long rowCount() throws Exception;

    /** @return how many snapshots, of every game, this test's database holds */
    protected abstract long snapshotCount() throws Exception;

    /** Replaces the operation bytes of an existing row, and nothing else of it. */
    protected abstract void editOperation(String gameId, long version, byte[] operation) throws Exception;

    /** Replaces the state digest of an existing row, and nothing else of it. */
    protected abstract void editStateDigest(String gameId, long version, byte[] digest) throws Exception;

    /** Replaces the hash of an existing row (32 bytes), and nothing else of it. */
    protected abstract void editHash(String gameId, long version, byte[] hash) throws Exception;

    /** Deletes an existing row. */
    protected abstract void deleteRow(String gameId, long version) throws Exception;

    /** Replaces the state bytes of an existing snapshot, and nothing else of it. */
    protected abstract void editSnapshotState(String gameId, long version, byte[] state) throws Exception;

    // ---- opening ----

    @Test
    void openCreatesAnEmptyJournalAndOpeningAgainFindsTheSameHead() {
        JournalStore store = newStore();
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
        JournalStore store = newStore();
        store.open("g1", TYPE, GENESIS);
        JournalStore other = newStore();
        for (JournalStore each : List.of(store, other)) { // the open journal, and the database's record
            JournalException type = expect(Kind.MISMATCH, () -> each.open("g1", "poker", GENESIS));
            assertEquals("g1", type.gameId());
            assertTrue(type.getMessage().contains("'g1'") && type.getMessage().contains("'craps'")
                    && type.getMessage().contains("'poker'"), type.getMessage());
        }
        assertEquals(new JournalPosition(0, GENESIS.hash()), other.open("g1", TYPE, GENESIS).head());
    }

    @Test
    void theGenesisRecordedFirstIsAdoptedByEveryLaterOpen() throws Exception {
        JournalStore store = newStore();
        Journal journal = store.open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 5);
        assertEquals(GENESIS, store.open("g1", TYPE, ANOTHER_INSTANCE).genesis(), "the open journal");

        Journal reopened = newStore().open("g1", TYPE, ANOTHER_INSTANCE);
        assertEquals(GENESIS, reopened.genesis(), "the database's record, read by a new store");
        assertEquals(GENESIS.instance(), reopened.genesis().instance());
        assertEquals(RULES, reopened.genesis().rulesVersion());
        assertRows(rows, readAll(reopened, 1)); // checked from the recorded genesis hash, not the proposed one
        assertEquals(1, gamesOfInstance(GENESIS.instance()));
        assertEquals(1, gameCount(), "nothing else recorded");

        Journal empty = newStore().open("g2", TYPE, ANOTHER_INSTANCE);
        assertEquals(ANOTHER_INSTANCE, empty.genesis(), "the first open of a game records what it proposes");
        assertEquals(new JournalPosition(0, ANOTHER_INSTANCE.hash()), empty.head());
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
    void anAppendThatDoesNotFollowTheHeadConflictsAndWritesNothing() throws Exception {
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
        assertEquals(10, rowCount());
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
    void aChangedOperationIsCorruptAndNothingFromItOnIsHandedOver() throws Exception {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        appendRows(journal, 100);
        editOperation("g1", 50, "tampered".getBytes(UTF_8));

        assertChainBrokenAt(journal, 50);
    }

    @Test
    void aChangedStateDigestIsCorruptAndNothingFromItOnIsHandedOver() throws Exception {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 100);
        journal.saveSnapshot(snapshotOf(rows.get(49)));
        editStateDigest("g1", 50, StateHash.digest("another state".getBytes(UTF_8)));

        assertChainBrokenAt(journal, 50);
        JournalException snapshot = expect(Kind.CORRUPT, () -> journal.latestSnapshot(Long.MAX_VALUE));
        assertCorruptAt(snapshot, 50);
        assertTrue(snapshot.getMessage().contains("is not the state whose digest row v50 holds"),
                snapshot.getMessage());
    }

    @Test
    void aMissingRowIsCorruptAndNamed() throws Exception {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        appendRows(journal, 100);
        deleteRow("g1", 50);

        List<Long> handed = new ArrayList<>();
        JournalException missing = expect(Kind.CORRUPT, () -> journal.read(1, r -> handed.add(r.version())));
        assertCorruptAt(missing, 50);
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertEquals(versions(1, 49), handed);
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.read(51, r -> handed.add(r.version()))), 50);
        assertEquals(versions(1, 49), handed, "the row a read continues from is missing: nothing handed over");
    }

    // ---- snapshots ----

    @Test
    void theLatestSnapshotIsTheOneOfTheHighestVersion() throws Exception {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 30);
        assertEquals(Optional.empty(), journal.latestSnapshot(Long.MAX_VALUE));

        journal.saveSnapshot(snapshotOf(rows.get(19)));
        journal.saveSnapshot(snapshotOf(rows.get(9)));
        assertSnapshot(rows.get(19), journal.latestSnapshot(Long.MAX_VALUE));
        journal.saveSnapshot(snapshotOf(rows.get(19)));
        assertEquals(2, snapshotCount(), "saved again, it replaces itself");
        assertSnapshot(rows.get(19), journal.latestSnapshot(Long.MAX_VALUE));
        assertSnapshot(rows.get(19), newStore().open("g1", TYPE, GENESIS).latestSnapshot(Long.MAX_VALUE));
    }

    @Test
    void theLatestSnapshotAtMostAVersionIsTheNewestAtOrBelowIt() throws Exception {
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

        editSnapshotState("g1", 30, "tampered".getBytes(UTF_8));
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.latestSnapshot(30)), 30);
        assertSnapshot(rows.get(19), journal.latestSnapshot(29)); // one below a damaged snapshot is not read
    }

    @Test
    void aSnapshotOfAMissingRowOrAnotherHashOrAnotherStateConflicts() throws Exception {
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
        assertEquals(0, snapshotCount());
    }

    @Test
    void aDamagedSnapshotIsCorrupt() throws Exception {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 20);
        journal.saveSnapshot(snapshotOf(rows.get(9)));
        journal.saveSnapshot(snapshotOf(rows.get(19)));

        byte[] edited = stateOf(rows.get(19));
        edited[edited.length - 1] ^= 1;
        editSnapshotState("g1", 20, edited);
        JournalException digest = expect(Kind.CORRUPT, () -> journal.latestSnapshot(Long.MAX_VALUE));
        assertCorruptAt(digest, 20);
        assertTrue(digest.getMessage().contains("is not the state whose digest row v20 holds"), digest.getMessage());

        journal.saveSnapshot(snapshotOf(rows.get(19)));
        assertSnapshot(rows.get(19), journal.latestSnapshot(Long.MAX_VALUE));
        editHash("g1", 20, new byte[32]);
        assertCorruptAt(expect(Kind.CORRUPT, () -> journal.latestSnapshot(Long.MAX_VALUE)), 20);
    }

    // ---- several games, threads and stores ----

    @Test
    void gamesInOneStoreAreKeptApart() throws Exception {
        JournalStore store = newStore();
        Journal first = store.open("g1", TYPE, GENESIS);
        Journal second = store.open("g2", "poker", genesisOf("g2", "poker", instance(1), "a poker table"));
        List<JournalRecord> firstRows = appendRows(first, 20);
        List<JournalRecord> secondRows = appendRows(second, 5);
        second.saveSnapshot(snapshotOf(secondRows.get(4)));

        deleteRow("g1", 3);
        assertCorruptAt(expect(Kind.CORRUPT, () -> first.read(1, r -> { })), 3);
        assertRows(secondRows, readAll(second, 1));
        assertEquals(positionOf(firstRows.get(19)), first.head());
        assertEquals(Optional.empty(), first.latestSnapshot(Long.MAX_VALUE));
        assertSnapshot(secondRows.get(4), second.latestSnapshot(Long.MAX_VALUE));
    }

    @Test
    void threadsAppendingToDifferentGamesDoNotDisturbEachOther() throws Exception {
        JournalStore store = newStore();
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
        JournalStore store = newStore();
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
    void aReadsConsumerCannotCallItsJournal() {
        Journal journal = newStore().open("g1", TYPE, GENESIS);
        List<JournalRecord> rows = appendRows(journal, 3);
        assertThrows(IllegalStateException.class, () -> journal.read(1, r -> journal.head()));
        assertEquals(positionOf(rows.get(2)), journal.head(), "the journal works on");
    }

    // ---- group commit and the connection pool ----

    @Test
    void appendAllWritesEveryGameThatFollowsItsHeadAndRefusesOnlyTheOneThatDoesNot() throws Exception {
        JournalStore store = newStore();
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
        assertEquals(8, rowCount());
    }

    @Test
    void appendAllRefusesAForeignJournalOrAnEmptyAppendBeforeWritingAnything() throws Exception {
        JournalStore store = newStore();
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
        assertEquals(0, rowCount());
    }

    // ---- helpers ----

    /** @return the 64 hex digits naming instance {@code n} of a game */
    public static String instance(int n) {
        return String.format("%064x", n);
    }

    /** @return the genesis an engine computes for that instance of the game, opened with the rules {@link #RULES} */
    public static JournalGenesis genesisOf(String gameId, String gameType, String instance, String initialState) {
        GameSpec spec = new GameSpec(gameId, gameType, ALICE.participants())
                .withInstance(instance);
        StateHash hash = StateHash.genesis(spec, RULES, StateHash.digest(initialState.getBytes(UTF_8)));
        return new JournalGenesis(instance, RULES, hash);
    }

    /**
     * @return {@code count} rows that chain on from {@code after} as an engine's do: each binds its operation
     *         (naming {@code tag}) and the digest of the state it led to, {@link #stateOf} the row. Every third
     *         version carries evidence (a signed proposal and votes); the others were applied directly.
     */
    public static List<JournalRecord> rowsAfter(JournalPosition after, int count, String tag) {
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
    public static byte[] stateOf(JournalRecord row) {
        return stateAfter(row.operation());
    }

    private static byte[] stateAfter(byte[] operation) {
        return ("state after " + new String(operation, UTF_8)).getBytes(UTF_8);
    }

    public static List<JournalRecord> appendRows(Journal journal, int count) {
        List<JournalRecord> rows = rowsAfter(journal.head(), count, journal.gameId());
        journal.append(rows);
        return rows;
    }

    public static List<JournalRecord> readAll(Journal journal, long from) {
        List<JournalRecord> rows = new ArrayList<>();
        journal.read(from, rows::add);
        return rows;
    }

    public static JournalPosition positionOf(JournalRecord row) {
        return new JournalPosition(row.version(), row.hash());
    }

    /** @return the snapshot of the state at {@code row}, one of {@link #rowsAfter} */
    public static JournalSnapshot snapshotOf(JournalRecord row) {
        return new JournalSnapshot(row.version(), row.hash(), stateOf(row));
    }

    public static List<Long> versions(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    public static void assertRows(List<JournalRecord> expected, List<JournalRecord> actual) {
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
    public static void assertSnapshot(JournalRecord row, Optional<JournalSnapshot> actual) {
        assertTrue(actual.isPresent(), "a snapshot");
        assertEquals(row.version(), actual.get().version());
        assertEquals(row.hash(), actual.get().hash());
        assertArrayEquals(stateOf(row), actual.get().state());
    }

    /**
     * Asserts that row {@code version} of g1, among 100 rows, does not chain from the row before it: a read hands
     * over the rows before it and none from it on, and rows after it still chain from it.
     */
    public static void assertChainBrokenAt(Journal journal, long version) {
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

    public static JournalException expect(Kind kind, Executable call) {
        JournalException thrown = assertThrows(JournalException.class, call);
        assertEquals(kind, thrown.kind(), thrown::getMessage);
        return thrown;
    }

    public static void assertCorruptAt(JournalException corrupt, long version) {
        assertEquals(Kind.CORRUPT, corrupt.kind());
        assertEquals(version, corrupt.version(), corrupt::getMessage);
        assertEquals("g1", corrupt.gameId());
        assertTrue(corrupt.getMessage().contains("'g1'") && corrupt.getMessage().contains("v" + version),
                corrupt.getMessage());
    }
}
