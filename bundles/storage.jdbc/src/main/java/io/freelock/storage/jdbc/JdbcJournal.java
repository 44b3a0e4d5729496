package io.freelock.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.freelock.consensus.StateHash;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;

/**
 * One game's journal: each call is one transaction on the game's own {@link JournalSession} (one connection, calls
 * serialized). An {@link #append} is one transaction and one JDBC batch, so callers that need throughput append many
 * rows at once. Everything read is checked before it is handed over.
 */
final class JdbcJournal implements Journal {

    /** The longest game id and game type, in characters (the width of their columns). */
    static final int MAX_NAME = 255;

    /** Rows fetched per round trip while reading: PostgreSQL then streams instead of loading the whole journal. */
    private static final int FETCH_SIZE = 512;
    /** Rows sent per JDBC batch while appending, so that a huge append does not build one huge batch. */
    static final int BATCH_SIZE = 1_000;

    private static final String SELECT_GAME =
            "SELECT game_type, genesis, instance, rules_version FROM freelock_games WHERE game_id = ?";
    private static final String INSERT_GAME = "INSERT INTO freelock_games (game_id, game_type, genesis, instance, "
            + "rules_version, created) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)";
    private static final String SELECT_HEAD = "SELECT version, hash FROM freelock_operations WHERE game_id = ? "
            + "ORDER BY version DESC FETCH FIRST 1 ROWS ONLY";
    static final String SELECT_HEAD_VERSION =
            "SELECT MAX(version) FROM freelock_operations WHERE game_id = ?";
    private static final String SELECT_ROWS = "SELECT version, hash, operation, state_sha256, evidence "
            + "FROM freelock_operations "
            + "WHERE game_id = ? AND version >= ? ORDER BY version";
    private static final String SELECT_ROW_HASH =
            "SELECT hash, state_sha256 FROM freelock_operations WHERE game_id = ? AND version = ?";
    static final String INSERT_ROW = "INSERT INTO freelock_operations "
            + "(game_id, version, hash, operation, state_sha256, evidence) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String DELETE_SNAPSHOT = "DELETE FROM freelock_snapshots WHERE game_id = ? AND version = ?";
    private static final String INSERT_SNAPSHOT =
            "INSERT INTO freelock_snapshots (game_id, version, hash, state) VALUES (?, ?, ?, ?)";
    private static final String SELECT_LATEST_SNAPSHOT = "SELECT s.version, s.hash, s.state, o.state_sha256, o.hash "
            + "FROM freelock_snapshots s LEFT JOIN freelock_operations o "
            + "ON o.game_id = s.game_id AND o.version = s.version "
            + "WHERE s.game_id = ? AND s.version <= ? ORDER BY s.version DESC FETCH FIRST 1 ROWS ONLY";

    /** The store that opened this journal: its group commit takes only its own journals. */
    final JdbcJournalStore store;
    private final String gameId;
    private final String gameType;
    /**
     * The proposed genesis until a connection found the one the database records; then that one. Volatile: it is
     * read by any caller and written by whichever call connected.
     */
    private volatile JournalGenesis genesis;
    /** Whether {@link #genesis} is the one a database recorded; a database holding another one is then a mismatch. */
    private volatile boolean recorded;
    private final String game; // "game 'g1'", for messages
    private final JournalSession session;

    JdbcJournal(JdbcJournalStore store, String gameId, String gameType, JournalGenesis genesis) {
        this.store = store;
        this.gameId = requireName(gameId, "game id");
        this.gameType = requireName(gameType, "game type of '" + gameId + "'");
        this.genesis = Objects.requireNonNull(genesis, "genesis");
        this.game = "game '" + gameId + "'";
        this.session = new JournalSession(store, gameId, this::register);
    }

    private static String requireName(String name, String what) {
        if (Objects.requireNonNull(name, what).isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME + " characters, not "
                    + name.length());
        }
        return name;
    }

    @Override
    public String gameId() {
        return gameId;
    }

    @Override
    public JournalGenesis genesis() {
        return genesis;
    }

    String gameType() {
        return gameType;
    }

    /** Registers the game in the store's database, or checks it against the one the database holds. */
    void open() {
        session.transaction("opening " + game, -1, false, c -> null);
    }

    /** The store's database now, the game registered in it; for the store's group commit. */
    Database registered(String doing) {
        return session.registered(doing);
    }

    @Override
    public JournalPosition head() {
        return session.transaction("reading the head of " + game, -1, false, c -> {
            try (PreparedStatement select = prepare(c, SELECT_HEAD); ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new JournalPosition(0, genesis.hash());
                }
                long version = row.getLong(1);
                return new JournalPosition(version, hashOf(row.getBytes(2), version, "row"));
            }
        });
    }

    @Override
    public void append(List<JournalRecord> records) {
        checkContiguous(records);
        long first = records.get(0).version();
        long last = first + records.size() - 1;
        session.transaction("appending v" + first + "..v" + last + " to " + game, first, true, c -> {
            long head = headVersion(c);
            if (first != head + 1) {
                throw notAfterHead(first, head);
            }
            try (PreparedStatement insert = c.prepareStatement(INSERT_ROW)) {
                int pending = 0;
                for (JournalRecord record : records) {
                    bindRow(insert, record);
                    if (++pending == BATCH_SIZE) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    /**
     * @throws IllegalArgumentException if {@code records} is empty
     * @throws JournalException CONFLICT if the versions are not contiguous
     */
    void checkContiguous(List<JournalRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an append to " + game + " needs at least one row");
        }
        long first = records.get(0).version();
        for (int i = 1; i < records.size(); i++) {
            long version = records.get(i).version();
            if (version != first + i) {
                throw new JournalException(Kind.CONFLICT, gameId, version, "an append to " + game + " has v"
                        + version + " after v" + records.get(i - 1).version()
                        + ": versions must be contiguous; nothing was written");
            }
        }
    }

    JournalException notAfterHead(long first, long head) {
        return new JournalException(Kind.CONFLICT, gameId, first, game + " is at v" + head
                + ", so an append starts at v" + (head + 1) + ", not v" + first + "; nothing was written");
    }

    /** Adds {@code record} of this game to {@code insert}'s batch (a statement of {@link #INSERT_ROW}). */
    void bindRow(PreparedStatement insert, JournalRecord record) throws SQLException {
        insert.setString(1, gameId);
        insert.setLong(2, record.version());
        insert.setBytes(3, record.hash().bytes());
        insert.setBytes(4, record.operation());
        insert.setBytes(5, record.stateDigest());
        insert.setBytes(6, record.isDirect() ? null : record.evidence());
        insert.addBatch();
    }

    /** @return this game's highest version in the transaction on {@code c}, 0 for none */
    long headVersion(Connection c) throws SQLException {
        try (PreparedStatement select = prepare(c, SELECT_HEAD_VERSION);
                ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1); // 0 for SQL NULL: no rows yet
        }
    }

    /**
     * Streams the rows from {@code from - 1} (whose hash the chain continues from; the genesis hash for
     * {@code from = 1}) and checks each one before handing it over. {@code each} runs while this journal's lock and
     * transaction are held: it must not call this journal (that fails with an IllegalStateException).
     */
    @Override
    public void read(long from, Consumer<JournalRecord> each) {
        if (from < 1) {
            throw new IllegalArgumentException("reading " + game + " starts at v1 or later, not v" + from);
        }
        Objects.requireNonNull(each, "each");
        session.transaction("reading " + game + " from v" + from, from, false, c -> {
            try (PreparedStatement select = prepare(c, SELECT_ROWS)) {
                select.setLong(2, from - 1);
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    long expected = from == 1 ? 1 : from - 1;
                    StateHash previous = from == 1 ? genesis.hash() : null; // null: the first row only anchors
                    while (rows.next()) {
                        long version = rows.getLong(1);
                        if (version != expected) {
                            throw corrupt(expected, "row v" + expected + " of " + game
                                    + " is missing (the next row is v" + version + ")");
                        }
                        StateHash hash = hashOf(rows.getBytes(2), version, "row");
                        byte[] operation = rows.getBytes(3);
                        if (operation == null) {
                            throw corrupt(version, "row v" + version + " of " + game + " has no operation bytes");
                        }
                        byte[] digest = rows.getBytes(4);
                        if (digest == null || digest.length != StateHash.LENGTH) {
                            throw corrupt(version, "row v" + version + " of " + game + " has a state digest of "
                                    + (digest == null ? "no" : String.valueOf(digest.length)) + " bytes, not "
                                    + StateHash.LENGTH);
                        }
                        byte[] evidence = rows.getBytes(5);
                        if (previous != null) {
                            JournalRecord record = new JournalRecord(version, hash, operation, digest,
                                    evidence == null ? new byte[0] : evidence);
                            if (!record.chainsFrom(previous)) {
                                throw corrupt(version, "row v" + version + " of " + game + " does not chain from v"
                                        + (version - 1) + ": its hash is " + hash.shortHex() + ", its operation and "
                                        + "state digest give " + previous.next(operation, digest).shortHex());
                            }
                            each.accept(record);
                        }
                        previous = hash;
                        expected++;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void saveSnapshot(JournalSnapshot snapshot) {
        long version = snapshot.version();
        session.transaction("saving the snapshot of " + game + " at v" + version, version, true, c -> {
            byte[] rowHash;
            byte[] rowDigest;
            try (PreparedStatement select = prepare(c, SELECT_ROW_HASH)) {
                select.setLong(2, version);
                try (ResultSet row = select.executeQuery()) {
                    boolean found = row.next();
                    rowHash = found ? row.getBytes(1) : null;
                    rowDigest = found ? row.getBytes(2) : null;
                }
            }
            if (rowHash == null) {
                throw new JournalException(Kind.CONFLICT, gameId, version,
                        game + " has no row v" + version + " to save a snapshot of");
            }
            if (!Arrays.equals(rowHash, snapshot.hash().bytes())) {
                throw new JournalException(Kind.CONFLICT, gameId, version, "the snapshot of " + game + " at v" + version
                        + " has hash " + snapshot.hash().shortHex() + ", but row v" + version + " has another");
            }
            byte[] state = snapshot.state();
            if (!Arrays.equals(rowDigest, StateHash.digest(state))) {
                throw new JournalException(Kind.CONFLICT, gameId, version, "the snapshot of " + game + " at v"
                        + version + " is not the state whose digest row v" + version + " holds; nothing was saved");
            }
            try (PreparedStatement delete = prepare(c, DELETE_SNAPSHOT)) {
                delete.setLong(2, version);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = prepare(c, INSERT_SNAPSHOT)) {
                insert.setLong(2, version);
                insert.setBytes(3, snapshot.hash().bytes());
                insert.setBytes(4, state);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<JournalSnapshot> latestSnapshot(long atMost) {
        return session.transaction("reading the latest snapshot of " + game + " up to v" + atMost, -1, false, c -> {
            try (PreparedStatement select = prepare(c, SELECT_LATEST_SNAPSHOT)) {
                select.setLong(2, atMost);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(checkedSnapshot(row)) : Optional.<JournalSnapshot>empty();
                }
            }
        });
    }

    /** @return the snapshot in {@code row} of SELECT_LATEST_SNAPSHOT, checked against its version's row */
    private JournalSnapshot checkedSnapshot(ResultSet row) throws SQLException {
        long version = row.getLong(1);
        StateHash hash = hashOf(row.getBytes(2), version, "snapshot");
        byte[] state = row.getBytes(3);
        byte[] rowHash = row.getBytes(5);
        if (rowHash == null) {
            throw corrupt(version, "the snapshot of " + game + " at v" + version + " has no row v" + version);
        }
        if (state == null || !Arrays.equals(StateHash.digest(state), row.getBytes(4))) {
            throw corrupt(version, "the snapshot of " + game + " at v" + version
                    + " is not the state whose digest row v" + version + " holds");
        }
        if (!Arrays.equals(rowHash, hash.bytes())) {
            throw corrupt(version, "the snapshot of " + game + " at v" + version + " has hash " + hash.shortHex()
                    + ", but row v" + version + " has another");
        }
        return new JournalSnapshot(version, hash, state);
    }

    /**
     * A journal holds no connection between calls (each borrows one from the store's pool), so there is nothing to
     * release; the next call checks the game against the database again, as after a reconfiguration.
     */
    @Override
    public void close() {
        session.forget();
    }

    /**
     * Records the game on a new connection, or checks it against the record there: the database may be new (a
     * reconfiguration), or hold the game under another type or genesis (MISMATCH).
     */
    private Void register(Connection c) throws SQLException { // the session closes c if this throws
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement select = prepare(c, SELECT_GAME); ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    adopt(row.getString(1), heldGenesis(row));
                    return null;
                }
            }
            JournalGenesis proposed = genesis;
            try (PreparedStatement insert = prepare(c, INSERT_GAME)) {
                insert.setString(2, gameType);
                insert.setBytes(3, proposed.hash().bytes());
                insert.setString(4, proposed.instance());
                insert.setString(5, proposed.rulesVersion());
                insert.executeUpdate();
                recorded = true;
                return null;
            } catch (SQLException e) {
                c.rollback();
                if (attempt == 2 || !SqlFailures.isIntegrityViolation(e)) {
                    throw e;
                }
                // another store registered the game first: adopt its record
            }
        }
    }

    private JournalGenesis heldGenesis(ResultSet row) throws SQLException {
        StateHash hash = hashOf(row.getBytes(2), 0, "genesis");
        try {
            return new JournalGenesis(row.getString(3), row.getString(4), hash);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw corrupt(0, "the genesis record of " + game + " is damaged: " + e.getMessage());
        }
    }

    /**
     * Takes the genesis a database records, or refuses it (MISMATCH) if it is of another type, or if this journal
     * already took another genesis from a database (the store was pointed at another database holding the game).
     */
    private void adopt(String heldType, JournalGenesis held) {
        checkSameType(heldType);
        if (recorded && !held.equals(genesis)) {
            throw new JournalException(Kind.MISMATCH, gameId, -1, "the database holds another instance of " + game
                    + " (" + held + ") than the one this journal was reading (" + genesis + ")");
        }
        genesis = held;
        recorded = true;
    }

    /** @throws JournalException MISMATCH unless this journal's game is of {@code type} */
    void checkSameType(String type) {
        if (!gameType.equals(Objects.requireNonNull(type, "game type"))) {
            throw new JournalException(Kind.MISMATCH, gameId, -1, "the journal holds " + game + " of type '"
                    + gameType + "'; it was opened as type '" + type + "'");
        }
    }

    /** Prepares {@code sql}, whose first parameter is always the game id. */
    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        statement.setString(1, gameId);
        return statement;
    }

    private StateHash hashOf(byte[] bytes, long version, String what) {
        if (bytes == null || bytes.length != StateHash.LENGTH) {
            throw corrupt(version, "the " + what + " v" + version + " of " + game + " has a hash of "
                    + (bytes == null ? "no" : String.valueOf(bytes.length)) + " bytes, not " + StateHash.LENGTH);
        }
        return StateHash.of(bytes);
    }

    private JournalException corrupt(long version, String message) {
        return new JournalException(Kind.CORRUPT, gameId, version, message);
    }
}
