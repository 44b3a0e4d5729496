package io.freelock.consensus.testkit;

import java.util.function.UnaryOperator;

import io.freelock.consensus.StateHash;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;

/**
 * The journal store contract against the memory store the engine's tests journal into, so that what those tests
 * show of the engine holds for a store that behaves as a database's does. A new database per test.
 */
class MemoryJournalStoreTest extends JournalStoreContract {

    private final MemoryJournalStore database = new MemoryJournalStore();

    @Override
    protected MemoryJournalStore newStore() {
        return database.sameDatabase();
    }

    @Override
    protected long gameCount() {
        return database.gameIds().size();
    }

    @Override
    protected long gamesOfInstance(String instance) {
        return database.gameIds().stream().map(database::recordedGenesis)
                .filter(genesis -> genesis.orElseThrow().instance().equals(instance)).count();
    }

    @Override
    protected long rowCount() {
        return database.rowCount();
    }

    @Override
    protected long snapshotCount() {
        return database.snapshotCount();
    }

    @Override
    protected void editOperation(String gameId, long version, byte[] operation) {
        editRow(gameId, version, row -> new JournalRecord(version, row.hash(), operation, row.stateDigest(),
                row.evidence()));
    }

    @Override
    protected void editStateDigest(String gameId, long version, byte[] digest) {
        editRow(gameId, version, row -> new JournalRecord(version, row.hash(), row.operation(), digest,
                row.evidence()));
    }

    @Override
    protected void editHash(String gameId, long version, byte[] hash) {
        editRow(gameId, version, row -> new JournalRecord(version, StateHash.of(hash), row.operation(),
                row.stateDigest(), row.evidence()));
    }

    @Override
    protected void deleteRow(String gameId, long version) {
        row(gameId, version); // it exists
        database.deleteRow(gameId, version);
    }

    @Override
    protected void editSnapshotState(String gameId, long version, byte[] state) {
        JournalSnapshot snapshot = database.snapshots(gameId).stream().filter(s -> s.version() == version)
                .findFirst().orElseThrow(() -> new AssertionError("no snapshot v" + version + " of " + gameId));
        database.replaceSnapshot(gameId, new JournalSnapshot(version, snapshot.hash(), state));
    }

    private void editRow(String gameId, long version, UnaryOperator<JournalRecord> edit) {
        database.replaceRow(gameId, edit.apply(row(gameId, version)));
    }

    private JournalRecord row(String gameId, long version) {
        return database.rows(gameId).stream().filter(r -> r.version() == version).findFirst()
                .orElseThrow(() -> new AssertionError("no row v" + version + " of " + gameId));
    }
}
