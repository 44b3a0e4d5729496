package io.freelock.consensus.ratis;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;

/**
 * One server's part in a cluster of replicated games: its member of the log ({@link RaftNode}), the state machine
 * that applies the log to the local engines ({@link GameLog}), and a {@link ReplicatedEngine} per game for the host.
 */
final class Replication implements AutoCloseable {

    private static final SecureRandom INSTANCES = new SecureRandom();
    /**
     * How long a change committed on a majority waits for this server to apply anything before it is given up on:
     * long enough for a leader to reconnect to a server that was down, then send what it missed.
     */
    static final Duration STALL = Duration.ofSeconds(30);

    private final ReplicationSettings settings;
    private final GameEngineFactory local;
    private final GameLog log;
    private final RaftNode node;
    private final ConcurrentHashMap<String, ReplicatedEngine> handles = new ConcurrentHashMap<>();

    private Replication(ReplicationSettings settings, GameEngineFactory local, GameLog log, RaftNode node) {
        this.settings = settings;
        this.local = local;
        this.log = log;
        this.node = node;
    }

    /**
     * @param local the factory whose engines hold this server's copies of the games
     * @param joining whether this server is not in the log's configuration yet (see {@link RaftNode#start})
     */
    static Replication start(ReplicationSettings settings, GameEngineFactory local, boolean joining)
            throws IOException {
        GameLog log = new GameLog(settings.serverId, local, settings.checkEvery);
        return new Replication(settings, local, log, RaftNode.start(settings, log, joining));
    }

    String serverId() {
        return settings.serverId;
    }

    GameLog log() {
        return log;
    }

    RaftNode node() {
        return node;
    }

    /**
     * Opens a game on every server: the spec (with an instance chosen here, unless it names one) goes through the log.
     *
     * @throws RefusedException GAME_EXISTS, NO_QUORUM, NOT_LEADER; RulesUnavailableException if this server lacks
     *         the game's rules
     */
    GameEngine<?, ?> open(GameSpec spec) {
        if (!local.gameTypes().contains(spec.gameType())) {
            throw new RulesUnavailableException(spec.gameId(), spec.gameType(), "none is registered on server '"
                    + settings.serverId + "'");
        }
        if (log.game(spec.gameId()).isPresent()) {
            throw new RefusedException(RefusalReason.GAME_EXISTS, "a replicated game with id '" + spec.gameId()
                    + "' is already open");
        }
        replicate(GameRecord.open(spec.instance().isEmpty() ? spec.withInstance(freshInstance()) : spec));
        return handle(spec.gameId());
    }

    Optional<GameEngine<?, ?>> find(String gameId) {
        return log.game(gameId).map(game -> handle(gameId));
    }

    List<GameEngine<?, ?>> engines() {
        List<GameEngine<?, ?>> open = new ArrayList<>();
        for (ReplicaGame game : log.games()) {
            open.add(handle(game.spec.gameId()));
        }
        open.sort(Comparator.comparing(GameEngine::gameId));
        return open;
    }

    boolean isReplicated(String gameId) {
        return log.game(gameId).isPresent();
    }

    /** Closes a game on every server. */
    boolean close(String gameId) {
        if (log.game(gameId).isEmpty()) {
            return false;
        }
        replicate(GameRecord.close(gameId));
        handles.remove(gameId);
        return true;
    }

    private ReplicatedEngine handle(String gameId) {
        return handles.computeIfAbsent(gameId, id -> new ReplicatedEngine(log.game(id).orElseThrow(
                () -> new RefusedException(RefusalReason.UNKNOWN_GAME, "no replicated game '" + id + "'")).spec, this));
    }

    /**
     * Sends a record through the log and waits until a majority committed it and this server applied it.
     *
     * @return this server's result of applying it: the engine, snapshot or proposal state
     * @throws RefusedException the refusal every server came to, or NO_QUORUM / NOT_LEADER
     */
    Object replicate(GameRecord record) {
        CompletableFuture<Object> mine = log.await(record);
        try {
            Outcome outcome = node.submit(record);
            Object result;
            try {
                result = awaitApplied(mine, record, outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(record + " is " + outcome + "; interrupted waiting for this server");
            } catch (ExecutionException e) {
                result = e.getCause();
            }
            if (result instanceof RefusedException) {
                RefusedException refused = (RefusedException) result;
                throw new RefusedException(refused.reason(), refused.detail(), refused);
            }
            return result;
        } finally {
            log.forget(record);
        }
    }

    /**
     * Waits until this server has applied the record the log committed. A server that is catching up (restarted: the
     * leader reconnects to it, then sends what it missed) may be far behind: it is waited for as long as it applies
     * entries, and given up on only when {@link #STALL} passes without one.
     *
     * @throws ExecutionException if applying it failed here
     * @throws IllegalStateException if this server applied nothing for {@link #STALL}
     */
    private Object awaitApplied(CompletableFuture<Object> mine, GameRecord record, Outcome outcome)
            throws InterruptedException, ExecutionException {
        long stall = Math.max(STALL.toMillis(), settings.requestTimeout.toMillis());
        long before = log.applied.get();
        while (true) {
            try {
                return mine.get(stall, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = log.applied.get();
                if (now == before) {
                    throw new IllegalStateException(record + " is " + outcome + " on a majority, but server '"
                            + settings.serverId + "' has applied no entry for " + stall
                            + " ms and not this one; its copy is behind");
                }
                before = now; // catching up: it applies what it missed, in log order, this one among them
            }
        }
    }

    ClusterStatus status() {
        return node.status();
    }

    /** Asks the leader to make these the log's servers: how a new server is added (it starts as joining). */
    void setPeers(PeerList peers) throws IOException {
        node.setPeers(RaftNode.peers(peers));
    }

    private static String freshInstance() {
        byte[] bytes = new byte[32];
        INSTANCES.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws IOException {
        handles.clear();
        node.close();
    }
}
