package io.freelock.consensus.ratis;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;

/**
 * This server's copy of one replicated game: the local CAS engine the log is applied to, the hashes of its recent
 * versions, and the other servers' claims about them. Only the log's applying thread changes it; host threads read the
 * engine (lock-free, as any engine) and {@link #stopped}, which is volatile.
 */
final class ReplicaGame {

    /** How many recent versions' hashes are kept to compare with the claims of other servers. */
    static final int RECENT = 1024;

    final GameSpec spec;
    /** Null once the game is stopped here. */
    private volatile GameEngine<Object, Object> engine;
    /** Why the game is stopped on this server; null while it serves. */
    private volatile String stopped;
    private final long[] versions = new long[RECENT];
    private final StateHash[] hashes = new StateHash[RECENT];
    /** version -> server id -> hash claimed; only the applying thread touches it. */
    private final Map<Long, Map<String, StateHash>> claims = new HashMap<>();

    ReplicaGame(GameSpec spec, GameEngine<Object, Object> engine) {
        this.spec = spec;
        this.engine = engine;
        record(engine.current());
    }

    /** A game that was stopped on this server before its last snapshot. */
    ReplicaGame(GameSpec spec, String stopped) {
        this.spec = spec;
        this.stopped = stopped;
    }

    /**
     * A game of a snapshot whose rules this server lacked when it loaded it: it opens when the log next needs it
     * ({@link #openWaiting}), so that a server starts even while the game bundle is not there yet.
     */
    ReplicaGame(GameSpec spec, Snapshot<byte[]> waiting) {
        this.spec = spec;
        this.waiting = waiting;
    }

    /** The snapshot a game waits to be opened at (its state in canonical bytes); null once open. */
    private volatile Snapshot<byte[]> waiting;

    Snapshot<byte[]> waiting() {
        return waiting;
    }

    /** Opens a game that waited for its rules; on the applying thread only. */
    void openWaiting(GameEngineFactory local) {
        Snapshot<byte[]> at = waiting;
        if (at != null) {
            engine = GameLog.untyped(local.openInMemory(spec, at.version(), at.hash(), at.state()));
            record(engine.current());
            waiting = null;
        }
    }

    /**
     * @return the local engine
     * @throws RefusedException REPLICA_DIVERGED if the game is stopped here; RULES_UNAVAILABLE if it waits for its
     *         rules to be opened
     */
    GameEngine<Object, Object> engine() {
        GameEngine<Object, Object> serving = engine;
        if (serving == null) {
            if (waiting != null) {
                throw new RulesUnavailableException(spec.gameId(), spec.gameType(), "this server has not opened "
                        + "its copy of the game yet");
            }
            throw new RefusedException(RefusalReason.REPLICA_DIVERGED, stopped);
        }
        return serving;
    }

    /** @return whether this server has the game's engine (not stopped, not waiting for its rules) */
    boolean serving() {
        return engine != null;
    }

    /** @return why the game is stopped here, or null */
    String stoppedBecause() {
        return stopped;
    }

    /** Remembers the hash of a version this server reached. */
    void record(Snapshot<?> snapshot) {
        int slot = (int) (snapshot.version() % RECENT);
        versions[slot] = snapshot.version();
        hashes[slot] = snapshot.hash();
    }

    Optional<StateHash> hashAt(long version) {
        int slot = (int) (version % RECENT);
        return hashes[slot] != null && versions[slot] == version ? Optional.of(hashes[slot]) : Optional.empty();
    }

    /**
     * Counts a server's claim; once a majority of {@code servers} agree on the hash of a version, a server whose own
     * hash of it differs stops the game. Every server sees the same claims in the same order, so each comes to the
     * same verdict about itself as the others would.
     *
     * @return the stop message if this server stopped the game now, else null
     */
    String claim(String serverId, long version, StateHash hash, int servers, String self) {
        if (!serving()) {
            return null;
        }
        Map<String, StateHash> byServer = claims.computeIfAbsent(version, v -> new HashMap<>());
        byServer.put(serverId, hash);
        long agreeing = byServer.values().stream().filter(hash::equals).count();
        if (agreeing * 2 <= servers) {
            forgetOlderThan(version - RECENT);
            return null;
        }
        claims.remove(version);
        Optional<StateHash> mine = hashAt(version);
        if (mine.isEmpty() || mine.get().equals(hash)) {
            return null;
        }
        stopped = "game '" + spec.gameId() + "' is stopped on server '" + self + "': its hash at version " + version
                + " is " + mine.get().shortHex() + ", but " + agreeing + " of " + servers + " servers have "
                + hash.shortHex();
        engine = null;
        return stopped;
    }

    private void forgetOlderThan(long version) {
        for (Iterator<Long> it = claims.keySet().iterator(); it.hasNext();) {
            if (it.next() < version) {
                it.remove();
            }
        }
    }
}
