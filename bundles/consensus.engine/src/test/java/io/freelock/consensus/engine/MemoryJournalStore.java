package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.freelock.consensus.StateHash;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalException.Kind;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalRecord;
import io.freelock.storage.JournalSnapshot;
import io.freelock.storage.JournalStore;

/**
 * A journal store in memory for the engine's tests, checking what a real store checks (contiguous appends, the
 * chain on read, a snapshot's row), with switches for the faults a database has: down, a commit whose
 * acknowledgement is lost, rows lost or tampered with behind the engine's back.
 */
final class MemoryJournalStore implements JournalStore {

    private final Map<String, Game> games = new ConcurrentHashMap<>();
    /** While set, every call fails as a database that cannot be reached does. */
    volatile boolean down;
    /** While set, appends are written but then reported failed, as a connection that drops on commit does. */
    volatile boolean loseCommitAcks;
    /** While set, appends throw what no store should: an unchecked exception that is not a JournalException. */
    volatile boolean buggy;
    /** How many journals each {@link #appendAll} call carried, in call order. */
    final List<Integer> groups = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** While set, an {@link #appendAll} call waits for it to open before it writes (and says so in {@link #held}). */
    volatile java.util.concurrent.CountDownLatch gate;
    /** How many appendAll calls are waiting at the gate now. */
    final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Map<Journal, JournalException> appendAll(Map<Journal, List<JournalRecord>> appends) {
        groups.add(appends.size());
        java.util.concurrent.CountDownLatch closed = gate;
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

    @Override
    public Journal open(String gameId, String gameType, JournalGenesis proposed) {
        requireUp(gameId);
        Game game = games.computeIfAbsent(gameId, id -> new Game(gameType, proposed));
        if (!game.type.equals(gameType)) {
            throw new JournalException(Kind.MISMATCH, gameId, 0, "game '" + gameId + "' was journaled with type "
                    + game.type);
        }
        return new MemoryJournal(gameId, game);
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

    /** @return the game's rows, in version order */
    List<JournalRecord> rows(String gameId) {
        Game game = games.get(gameId);
        synchronized (game) {
            return new ArrayList<>(game.rows.values());
        }
    }

    Optional<JournalSnapshot> latestSnapshot(String gameId) {
        return latestSnapshot(gameId, Long.MAX_VALUE);
    }

    private Optional<JournalSnapshot> latestSnapshot(String gameId, long atMost) {
        Game game = games.get(gameId);
        synchronized (game) {
            Map.Entry<Long, JournalSnapshot> latest = game.snapshots.floorEntry(atMost);
            if (latest == null) {
                return Optional.empty();
            }
            JournalSnapshot snapshot = latest.getValue();
            JournalRecord row = game.rows.get(snapshot.version());
            if (row == null || !Arrays.equals(StateHash.digest(snapshot.state()), row.stateDigest())) {
                throw new JournalException(Kind.CORRUPT, gameId, snapshot.version(), "the snapshot is not the "
                        + "state its row names");
            }
            return Optional.of(snapshot);
        }
    }

    /** Replaces a snapshot as a person editing the database by hand would (the store's own check is bypassed). */
    void replaceSnapshot(String gameId, JournalSnapshot snapshot) {
        Game game = games.get(gameId);
        synchronized (game) {
            game.snapshots.put(snapshot.version(), snapshot);
        }
    }

    /** @return the game's snapshots, in version order */
    List<JournalSnapshot> snapshots(String gameId) {
        Game game = games.get(gameId);
        synchronized (game) {
            return new ArrayList<>(game.snapshots.values());
        }
    }

    /** Replaces a row as a person editing the database by hand would. */
    void replaceRow(String gameId, JournalRecord row) {
        Game game = games.get(gameId);
        synchronized (game) {
            game.rows.put(row.version(), row);
        }
    }

    /** Drops every row after {@code version}, and the snapshots after it, as a restore of an old backup would. */
    void truncateAfter(String gameId, long version) {
        Game game = games.get(gameId);
        synchronized (game) {
            game.rows.tailMap(version, false).clear();
            game.snapshots.tailMap(version, false).clear();
        }
    }

    private final class MemoryJournal implements Journal {
        private final String gameId;
        private final Game game;

        MemoryJournal(String gameId, Game game) {
            this.gameId = gameId;
            this.game = game;
        }

        @Override
        public String gameId() {
            return gameId;
        }

        @Override
        public JournalGenesis genesis() {
            return game.genesis;
        }

        @Override
        public JournalPosition head() {
            requireUp(gameId);
            synchronized (game) {
                Map.Entry<Long, JournalRecord> last = game.rows.lastEntry();
                return last == null ? new JournalPosition(0, game.genesis.hash())
                        : new JournalPosition(last.getKey(), last.getValue().hash());
            }
        }

        @Override
        public void append(List<JournalRecord> records) {
            requireUp(gameId);
            if (buggy) {
                throw new IllegalStateException("a bug in the store");
            }
            synchronized (game) {
                long expected = game.rows.isEmpty() ? 1 : game.rows.lastKey() + 1;
                for (JournalRecord r : records) {
                    if (r.version() != expected++) {
                        throw new JournalException(Kind.CONFLICT, gameId, r.version(), "not contiguous");
                    }
                }
                records.forEach(r -> game.rows.put(r.version(), r));
            }
            if (loseCommitAcks) {
                throw new JournalException(Kind.UNAVAILABLE, gameId, -1, "the connection dropped during the commit");
            }
        }

        @Override
        public void read(long from, Consumer<JournalRecord> each) {
            requireUp(gameId);
            List<JournalRecord> rows;
            StateHash previous;
            synchronized (game) {
                rows = new ArrayList<>(game.rows.tailMap(from, true).values());
                previous = from == 1 ? game.genesis.hash() : game.rows.get(from - 1).hash();
            }
            long expected = from;
            for (JournalRecord row : rows) {
                if (row.version() != expected || !row.chainsFrom(previous)) {
                    throw new JournalException(Kind.CORRUPT, gameId, expected, "row " + expected + " is missing or"
                            + " does not chain");
                }
                each.accept(row);
                previous = row.hash();
                expected++;
            }
        }

        @Override
        public void saveSnapshot(JournalSnapshot snapshot) {
            requireUp(gameId);
            synchronized (game) {
                JournalRecord row = game.rows.get(snapshot.version());
                if (row == null || !row.hash().equals(snapshot.hash())) {
                    throw new JournalException(Kind.CONFLICT, gameId, snapshot.version(), "no such row");
                }
                game.snapshots.put(snapshot.version(), snapshot);
            }
        }

        @Override
        public void close() {
            // nothing is held open
        }

        @Override
        public Optional<JournalSnapshot> latestSnapshot(long atMost) {
            requireUp(gameId);
            return MemoryJournalStore.this.latestSnapshot(gameId, atMost);
        }
    }
}
