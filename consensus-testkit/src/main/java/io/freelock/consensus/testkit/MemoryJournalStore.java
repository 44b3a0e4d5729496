package io.freelock.consensus.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
 * A journal store in memory for tests, held to the same contract as a database's (JournalStoreContract runs against
 * both): contiguous appends, the chain checked on read, a snapshot checked against its row. Its "database" is the
 * games it holds; {@link #sameDatabase()} gives another store on it, as a second store on one URL would be. For the
 * engine's tests it has switches for the faults a database has (down, a commit whose acknowledgement is lost, a bug,
 * a slow commit) and edits that a person with access to the database could make behind the engine's back.
 */
public final class MemoryJournalStore implements JournalStore {

    /** The games of the "database", shared by every store made from one by {@link #sameDatabase()}. */
    private final Map<String, Game> games;
    /** One journal per game and store, as a database's store keeps. */
    private final Map<String, MemoryJournal> journals = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile boolean loseCommitAcks;
    private volatile boolean buggy;
    private final List<Integer> groups = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;
    private final AtomicInteger held = new AtomicInteger();

    /** A store on a new, empty database. */
    public MemoryJournalStore() {
        this(new ConcurrentHashMap<>());
    }

    private MemoryJournalStore(Map<String, Game> games) {
        this.games = games;
    }

    /** @return another store on this store's database: journals of its own, the same games and rows */
    public MemoryJournalStore sameDatabase() {
        return new MemoryJournalStore(games);
    }

    // ---- faults ----

    /** While set, every call fails (UNAVAILABLE) as a database that cannot be reached does. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** While set, appends are written but then reported failed (UNAVAILABLE), as a connection that drops on commit. */
    public void setLoseCommitAcks(boolean lose) {
        this.loseCommitAcks = lose;
    }

    /** While set, appends throw what no store should: an unchecked exception that is not a JournalException. */
    public void setBuggy(boolean buggy) {
        this.buggy = buggy;
    }

    /** From now on, every {@link #appendAll} call waits at the gate before it writes, until {@link #openGate()}. */
    public void closeGate() {
        gate = new CountDownLatch(1);
    }

    /** Lets every {@link #appendAll} call waiting at the gate go on, and those after it pass. */
    public void openGate() {
        CountDownLatch closed = gate;
        gate = null;
        if (closed != null) {
            closed.countDown();
        }
    }

    /** @return how many {@link #appendAll} calls wait at the gate now */
    public int heldAtGate() {
        return held.get();
    }

    /** @return how many journals each {@link #appendAll} call carried, in call order */
    public List<Integer> groups() {
        return List.copyOf(groups);
    }

    // ---- the store ----

    @Override
    public Journal open(String gameId, String gameType, JournalGenesis proposed) {
        Objects.requireNonNull(gameType, "game type");
        Objects.requireNonNull(proposed, "genesis");
        requireUp(gameId);
        Game game = games.computeIfAbsent(gameId, id -> new Game(gameType, proposed));
        if (!game.type.equals(gameType)) {
            throw new JournalException(Kind.MISMATCH, gameId, -1, "the journal holds game '" + gameId + "' of type '"
                    + game.type + "'; it was opened as type '" + gameType + "'");
        }
        return journals.computeIfAbsent(gameId, id -> new MemoryJournal(id, game));
    }

    /**
     * Appends as {@link JournalStore#appendAll} says, one journal after the other; refuses, before anything is
     * written, a journal this store did not open. Waits at the gate first while it is closed.
     */
    @Override
    public Map<Journal, JournalException> appendAll(Map<Journal, List<JournalRecord>> appends) {
        for (Journal journal : appends.keySet()) {
            if (journals.get(journal.gameId()) != journal) {
                throw new IllegalArgumentException("journal of game '" + journal.gameId()
                        + "' was not opened by this store (" + describe() + "); nothing was written");
            }
        }
        groups.add(appends.size());
        CountDownLatch closed = gate;
        if (closed != null) {
            held.incrementAndGet();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.decrementAndGet();
            }
        }
        return JournalStore.super.appendAll(appends);
    }

    @Override
    public void check() {
        requireUp(null);
    }

    @Override
    public String describe() {
        return "memory";
    }

    private void requireUp(String gameId) {
        if (down) {
            throw new JournalException(Kind.UNAVAILABLE, gameId, -1, "the test database is down");
        }
    }

    // ---- the database, as a person editing it by hand sees it ----

    /** @return the ids of the games the database holds */
    public Set<String> gameIds() {
        return Set.copyOf(games.keySet());
    }

    /** @return the genesis recorded for {@code gameId} */
    public Optional<JournalGenesis> recordedGenesis(String gameId) {
        return Optional.ofNullable(games.get(gameId)).map(game -> game.genesis);
    }

    /** @return the rows of every game */
    public int rowCount() {
        return games.values().stream().mapToInt(game -> rows(game).size()).sum();
    }

    /** @return the snapshots of every game */
    public int snapshotCount() {
        return games.values().stream().mapToInt(game -> snapshots(game).size()).sum();
    }

    /** @return the game's rows, in version order, as stored (unchecked) */
    public List<JournalRecord> rows(String gameId) {
        return rows(game(gameId));
    }

    /** @return the game's snapshots, in version order, as stored (unchecked) */
    public List<JournalSnapshot> snapshots(String gameId) {
        return snapshots(game(gameId));
    }

    /** @return the game's latest snapshot, checked against its row */
    public Optional<JournalSnapshot> latestSnapshot(String gameId) {
        return latestSnapshot(gameId, game(gameId), Long.MAX_VALUE);
    }

    /** Replaces a row, or adds one, as a person editing the database by hand would (the store checks nothing). */
    public void replaceRow(String gameId, JournalRecord row) {
        edit(gameId, game -> game.rows.put(row.version(), row));
    }

    /** Deletes a row as a person editing the database by hand would. */
    public void deleteRow(String gameId, long version) {
        edit(gameId, game -> game.rows.remove(version));
    }

    /** Replaces a snapshot as a person editing the database by hand would (the store's own check is bypassed). */
    public void replaceSnapshot(String gameId, JournalSnapshot snapshot) {
        edit(gameId, game -> game.snapshots.put(snapshot.version(), snapshot));
    }

    /** Drops every row after {@code version}, and the snapshots after it, as a restore of an old backup would. */
    public void truncateAfter(String gameId, long version) {
        edit(gameId, game -> {
            game.rows.tailMap(version, false).clear();
            game.snapshots.tailMap(version, false).clear();
        });
    }

    /** Changes a game of the database under its monitor, as the store's own writes are made. */
    private void edit(String gameId, Consumer<Game> change) {
        Game game = game(gameId);
        synchronized (game) {
            change.accept(game);
        }
    }

    private Game game(String gameId) {
        Game game = games.get(gameId);
        if (game == null) {
            throw new IllegalArgumentException("the database holds no game '" + gameId + "'");
        }
        return game;
    }

    private static List<JournalRecord> rows(Game game) {
        synchronized (game) {
            return new ArrayList<>(game.rows.values());
        }
    }

    private static List<JournalSnapshot> snapshots(Game game) {
        synchronized (game) {
            return new ArrayList<>(game.snapshots.values());
        }
    }

    private static Optional<JournalSnapshot> latestSnapshot(String gameId, Game game, long atMost) {
        synchronized (game) {
            Map.Entry<Long, JournalSnapshot> latest = game.snapshots.floorEntry(atMost);
            if (latest == null) {
                return Optional.empty();
            }
            JournalSnapshot snapshot = latest.getValue();
            long version = snapshot.version();
            JournalRecord row = game.rows.get(version);
            if (row == null || !row.hash().equals(snapshot.hash())) {
                throw new JournalException(Kind.CORRUPT, gameId, version, "the snapshot of game '" + gameId + "' at v"
                        + version + " has no row v" + version + " of its hash");
            }
            if (!Arrays.equals(StateHash.digest(snapshot.state()), row.stateDigest())) {
                throw new JournalException(Kind.CORRUPT, gameId, version, "the snapshot of game '" + gameId + "' at v"
                        + version + " is not the state whose digest row v" + version + " holds");
            }
            return Optional.of(snapshot);
        }
    }

    /** One game of the database; its maps are guarded by the game's monitor. */
    private static final class Game {
        final String type;
        final JournalGenesis genesis;
        final TreeMap<Long, JournalRecord> rows = new TreeMap<>();
        final TreeMap<Long, JournalSnapshot> snapshots = new TreeMap<>();

        Game(String type, JournalGenesis genesis) {
            this.type = type;
            this.genesis = genesis;
        }
    }

    private final class MemoryJournal implements Journal {
        private final String gameId;
        private final String game;
        private final Game stored;
        /** The thread whose read is handing rows over now, or null: its consumer must not call this journal. */
        private volatile Thread reader;

        MemoryJournal(String gameId, Game stored) {
            this.gameId = gameId;
            this.game = "game '" + gameId + "'";
            this.stored = stored;
        }

        @Override
        public String gameId() {
            return gameId;
        }

        @Override
        public JournalGenesis genesis() {
            return stored.genesis;
        }

        @Override
        public JournalPosition head() {
            enter("reading the head of " + game);
            synchronized (stored) {
                Map.Entry<Long, JournalRecord> last = stored.rows.lastEntry();
                return last == null ? new JournalPosition(0, stored.genesis.hash())
                        : new JournalPosition(last.getKey(), last.getValue().hash());
            }
        }

        @Override
        public void append(List<JournalRecord> records) {
            if (records.isEmpty()) {
                throw new IllegalArgumentException("an append to " + game + " needs at least one row");
            }
            enter("appending to " + game);
            if (buggy) {
                throw new IllegalStateException("a bug in the store");
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
            synchronized (stored) {
                long head = stored.rows.isEmpty() ? 0 : stored.rows.lastKey();
                if (first != head + 1) {
                    throw new JournalException(Kind.CONFLICT, gameId, first, game + " is at v" + head
                            + ", so an append starts at v" + (head + 1) + ", not v" + first + "; nothing was written");
                }
                records.forEach(r -> stored.rows.put(r.version(), r));
            }
            if (loseCommitAcks) {
                throw new JournalException(Kind.UNAVAILABLE, gameId, -1, "the connection dropped during the commit");
            }
        }

        /** Checks the rows from {@code from - 1} on, as a database's store does, and hands each over once checked. */
        @Override
        public void read(long from, Consumer<JournalRecord> each) {
            if (from < 1) {
                throw new IllegalArgumentException("reading " + game + " starts at v1 or later, not v" + from);
            }
            Objects.requireNonNull(each, "each");
            enter("reading " + game + " from v" + from);
            List<JournalRecord> rows;
            synchronized (stored) {
                rows = new ArrayList<>(stored.rows.tailMap(from == 1 ? 1 : from - 1, true).values());
            }
            reader = Thread.currentThread();
            try {
                long expected = from == 1 ? 1 : from - 1;
                StateHash previous = from == 1 ? stored.genesis.hash() : null; // null: the first row only anchors
                for (JournalRecord row : rows) {
                    long version = row.version();
                    if (version != expected) {
                        throw corrupt(expected, "row v" + expected + " of " + game + " is missing (the next row is v"
                                + version + ")");
                    }
                    if (previous != null) {
                        if (!row.chainsFrom(previous)) {
                            throw corrupt(version, "row v" + version + " of " + game + " does not chain from v"
                                    + (version - 1));
                        }
                        each.accept(row);
                    }
                    previous = row.hash();
                    expected++;
                }
            } finally {
                reader = null;
            }
        }

        @Override
        public void saveSnapshot(JournalSnapshot snapshot) {
            long version = snapshot.version();
            enter("saving the snapshot of " + game + " at v" + version);
            synchronized (stored) {
                JournalRecord row = stored.rows.get(version);
                if (row == null) {
                    throw new JournalException(Kind.CONFLICT, gameId, version,
                            game + " has no row v" + version + " to save a snapshot of");
                }
                if (!row.hash().equals(snapshot.hash())) {
                    throw new JournalException(Kind.CONFLICT, gameId, version, "the snapshot of " + game + " at v"
                            + version + " has hash " + snapshot.hash().shortHex() + ", but row v" + version
                            + " has another");
                }
                if (!Arrays.equals(row.stateDigest(), StateHash.digest(snapshot.state()))) {
                    throw new JournalException(Kind.CONFLICT, gameId, version, "the snapshot of " + game + " at v"
                            + version + " is not the state whose digest row v" + version + " holds; nothing was saved");
                }
                stored.snapshots.put(version, snapshot);
            }
        }

        @Override
        public Optional<JournalSnapshot> latestSnapshot(long atMost) {
            enter("reading the latest snapshot of " + game + " up to v" + atMost);
            return MemoryJournalStore.latestSnapshot(gameId, stored, atMost);
        }

        @Override
        public void close() {
            // nothing is held open
        }

        /**
         * @throws IllegalStateException from a read's consumer
         * @throws JournalException UNAVAILABLE while the store is down
         */
        private void enter(String doing) {
            if (reader == Thread.currentThread()) {
                throw new IllegalStateException(doing + ": called from within a read of " + game);
            }
            requireUp(gameId);
        }

        private JournalException corrupt(long version, String message) {
            return new JournalException(Kind.CORRUPT, gameId, version, message);
        }
    }
}
