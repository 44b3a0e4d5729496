package io.freelock.consensus.ratis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

/**
 * The Ratis state machine of one server: it applies each committed {@link GameRecord}, in log order, to this
 * server's local engine of the game, so every server holds the same versions and hashes. Ratis calls
 * {@link #applyTransaction} from one thread, in log order; {@link #takeSnapshot} and {@link #reinitialize} are
 * serialized with it by this object's monitor (a lock the hosts' threads never take: they read the local engines,
 * which are lock-free).
 *
 * <p>A Ratis snapshot is the engines' snapshots: for each game its spec, version, hash and canonical state, plus the
 * outcomes of recent requests (so a request retried across a restart is still applied once). A server that restarts,
 * or joins late and is sent a snapshot, opens each game from it in memory ({@link GameEngineFactory#openInMemory}) and
 * applies the log's tail.
 */
final class GameLog extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(GameLog.class);
    private static final String SNAPSHOT_DOMAIN = "freelock/raft-snapshot/v1";
    /** How many request outcomes a server remembers to answer a retried request without applying it again. */
    static final int REMEMBERED = 65_536;

    private final String serverId;
    private final GameEngineFactory local;
    private final long checkEvery;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** The replicated games on this server; read by host threads, changed by the applying thread. */
    private final ConcurrentHashMap<String, ReplicaGame> games = new ConcurrentHashMap<>();
    /** Recent outcomes by request key, oldest first; guarded by this. */
    private final LinkedHashMap<String, byte[]> outcomes = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** Requests sent from this server, by key: completed with this server's own result when it applies them. */
    private final ConcurrentHashMap<String, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();
    private volatile Consumer<GameRecord> publisher = record -> { };
    private volatile IntSupplier servers = () -> 1;
    private volatile boolean closed;
    final AtomicLong applied = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong snapshotsLoaded = new AtomicLong();
    final AtomicLong snapshotsTaken = new AtomicLong();

    GameLog(String serverId, GameEngineFactory local, long checkEvery) {
        this.serverId = serverId;
        this.local = local;
        this.checkEvery = checkEvery;
    }

    /** @param checks sends this server's CHECK records; must not block */
    void connect(Consumer<GameRecord> checks, IntSupplier serverCount) {
        publisher = checks;
        servers = serverCount;
    }

    // ---- what host threads ask ----

    Optional<ReplicaGame> game(String gameId) {
        return Optional.ofNullable(games.get(gameId));
    }

    /**
     * @return this server's engine of the game, opened first if it waited for rules that are registered now
     * @throws RefusedException ENGINE_CLOSED if no such game is open; what {@link ReplicaGame#engine} throws
     */
    GameEngine<Object, Object> engine(String gameId) {
        ReplicaGame game = games.get(gameId);
        if (game == null) {
            throw new RefusedException(RefusalReason.ENGINE_CLOSED, "replicated game '" + gameId + "' is closed");
        }
        if (game.waiting() != null && local.gameTypes().contains(game.spec.gameType())) {
            synchronized (this) { // the applying thread opens it under the same monitor when the log needs it
                game.openWaiting(local);
            }
        }
        return game.engine();
    }

    List<ReplicaGame> games() {
        return new ArrayList<>(games.values());
    }

    /** @return completed with this server's result of the request when it applies it */
    CompletableFuture<Object> await(GameRecord record) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        waiting.put(record.requestKey(), result);
        return result;
    }

    void forget(GameRecord record) {
        waiting.remove(record.requestKey());
    }

    // ---- Ratis ----

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            load(storage.loadLatestSnapshot());
        }, IOException.class);
    }

    /** Ratis pauses the state machine before it puts a snapshot from the leader in place, then reinitializes it. */
    @Override
    public synchronized void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    @Override
    public synchronized void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public synchronized CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        Outcome outcome;
        GameRecord record;
        try {
            record = GameRecord.decode(data);
        } catch (IllegalArgumentException malformed) {
            record = null;
        }
        if (record == null) {
            outcome = Outcome.refused(new RefusedException(RefusalReason.MALFORMED_OPERATION,
                    "log entry " + entry.getIndex() + " is not a game record"));
        } else {
            try {
                outcome = applyOnce(record);
            } catch (ServerClosing closing) {
                // not applied, and not counted as applied: a snapshot taken as the server stops must not hold it
                return CompletableFuture.failedFuture(closing);
            }
        }
        updateLastAppliedTermIndex(TermIndex.valueOf(entry));
        applied.incrementAndGet();
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(outcome.encode())));
    }

    private Outcome applyOnce(GameRecord record) {
        String key = record.requestKey();
        byte[] earlier = outcomes.get(key);
        if (earlier != null) {
            duplicates.incrementAndGet();
            Outcome first = Outcome.decode(earlier);
            CompletableFuture<Object> waiter = waiting.remove(key);
            if (waiter != null) {
                waiter.complete(repeated(record, first)); // the retrying host is answered at once, not left waiting
            }
            return first;
        }
        Outcome outcome;
        Object result;
        try {
            switch (record.kind) {
            case OPEN: {
                GameEngine<Object, Object> engine = withRules(record.spec,
                        () -> untyped(local.openInMemory(record.spec)));
                games.put(record.gameId, new ReplicaGame(engine.spec(), engine));
                result = engine;
                outcome = Outcome.committed(engine.current());
                break;
            }
            case APPLY: {
                ReplicaGame game = require(record.gameId);
                GameEngine<Object, Object> engine = game.engine();
                Snapshot<Object> after = withRules(game.spec,
                        () -> engine.apply(engine.decodeOperation(record.operation)));
                committed(game, after);
                result = after;
                outcome = Outcome.committed(after);
                break;
            }
            case PROPOSAL: {
                ReplicaGame game = require(record.gameId);
                ProposalState state = withRules(game.spec, () -> decide(game.engine(), record));
                result = state;
                if (state.status() == ProposalStatus.COMMITTED) {
                    Snapshot<?> after = state.committed().orElseThrow();
                    committed(game, after);
                    outcome = Outcome.committed(after);
                } else {
                    outcome = Outcome.notCommitted(state);
                }
                break;
            }
            case CHECK: {
                ReplicaGame game = require(record.gameId);
                String stopped = game.claim(record.serverId, record.version, record.hash, servers.getAsInt(), serverId);
                if (stopped != null) {
                    local.close(record.gameId);
                    LOG.error(stopped);
                }
                result = Boolean.TRUE;
                outcome = Outcome.done();
                break;
            }
            case CLOSE: {
                result = games.remove(record.gameId) != null;
                local.close(record.gameId);
                outcome = Outcome.done();
                break;
            }
            default:
                throw new AssertionError(record.kind);
            }
        } catch (RefusedException refused) {
            result = refused;
            outcome = Outcome.refused(refused);
        } catch (ServerClosing closing) {
            throw closing;
        } catch (RuntimeException bug) {
            // the engine turns the rules' failures into refusals; anything else is a bug here or in the engine, the
            // same on every server for the same entry: refuse the entry rather than stop the log
            LOG.error("server '" + serverId + "' failed to apply " + record, bug);
            result = new RefusedException(RefusalReason.RULES_FAILED, record + " failed: " + bug);
            outcome = Outcome.refused((RefusedException) result);
        }
        outcomes.put(key, outcome.encode());
        CompletableFuture<Object> waiter = waiting.remove(key);
        if (waiter != null) {
            waiter.complete(result);
        }
        return outcome;
    }

    /** @return what a host that sent {@code record} again learns: the first one's refusal, or that it was applied */
    private static RefusedException repeated(GameRecord record, Outcome first) {
        if (first.kind == Outcome.Kind.REFUSED) {
            return first.refusal();
        }
        if (record.kind == GameRecord.Kind.OPEN) {
            return new RefusedException(RefusalReason.GAME_EXISTS, "game '" + record.gameId + "' was opened by this "
                    + "request before; it is open");
        }
        return new RefusedException(RefusalReason.ALREADY_APPLIED, record + " was applied before and is not applied "
                + "again; it came to: " + first);
    }

    /** Submits the proposal and counts its votes on this server's engine, as they were gathered before the log. */
    private static ProposalState decide(GameEngine<Object, Object> engine, GameRecord record) {
        ProposalState state = engine.submit(record.proposal);
        for (Vote vote : record.votes) {
            if (state.status() != ProposalStatus.OPEN) {
                break;
            }
            state = engine.vote(vote);
        }
        return state;
    }

    private void committed(ReplicaGame game, Snapshot<?> after) {
        game.record(after);
        if (after.version() % checkEvery == 0) {
            publisher.accept(GameRecord.check(game.spec.gameId(), serverId, after.version(), after.hash()));
        }
    }

    /** @return the game, opened if it waited for its rules (waiting for them here, on the applying thread) */
    private ReplicaGame require(String gameId) {
        ReplicaGame game = games.get(gameId);
        if (game == null) {
            throw new RefusedException(RefusalReason.UNKNOWN_GAME, "no replicated game '" + gameId + "' is open");
        }
        if (game.waiting() != null) {
            withRules(game.spec, () -> {
                game.openWaiting(local);
                return game;
            });
        }
        return game;
    }

    /**
     * Runs {@code call}, waiting while the game's rules are not registered on this server: a server cannot apply the
     * log of a game whose rules it lacks, and must not skip an entry. It goes on once the game bundle is there.
     */
    private <T> T withRules(GameSpec spec, Supplier<T> call) {
        long waitingSince = System.nanoTime();
        long nextWarning = 0;
        while (true) {
            try {
                return call.get();
            } catch (RulesUnavailableException missing) {
                if (closed) {
                    throw new ServerClosing(missing);
                }
                long waited = System.nanoTime() - waitingSince;
                if (waited >= nextWarning) {
                    LOG.warn("server '" + serverId + "' waits for the rules of game type '"
                            + spec.gameType() + "' to apply the log of game '" + spec.gameId() + "': "
                            + missing.getMessage());
                    nextWarning = waited + TimeUnit.SECONDS.toNanos(10);
                }
                try {
                    Thread.sleep(100); // the rules come by a service event we do not hear here; poll
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ServerClosing(missing);
                }
            }
        }
    }

    @Override
    public synchronized long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return NO_SNAPSHOT;
        }
        CanonicalWriter out = new CanonicalWriter().writeString(SNAPSHOT_DOMAIN).writeInt(games.size());
        for (ReplicaGame game : games.values()) {
            GameRecord.writeSpec(out, game.spec);
            Snapshot<byte[]> waiting = game.waiting();
            out.writeBoolean(game.serving() || waiting != null);
            if (waiting != null) {
                out.writeLong(waiting.version()).writeHash(waiting.hash()).writeBytes(waiting.state());
            } else if (game.serving()) {
                GameEngine<Object, Object> engine = game.engine();
                Snapshot<Object> now = engine.current();
                out.writeLong(now.version()).writeHash(now.hash()).writeBytes(engine.encodeState(now.state()));
            } else {
                out.writeString(game.stoppedBecause());
            }
        }
        out.writeInt(outcomes.size());
        outcomes.forEach((key, outcome) -> out.writeString(key).writeBytes(outcome));
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path temporary = file.toPath().resolveSibling(file.getName() + ".writing");
        Files.write(temporary, out.toByteArray());
        Files.move(temporary, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        snapshotsTaken.incrementAndGet();
        return last.getIndex();
    }

    /** The index Ratis reads as "no snapshot taken" (its RaftLog.INVALID_LOG_INDEX). */
    private static final long NO_SNAPSHOT = -1;

    private synchronized void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        CanonicalReader in = new CanonicalReader(Files.readAllBytes(path));
        if (!SNAPSHOT_DOMAIN.equals(in.readString(64))) {
            throw new IOException(path + " is not a Freelock snapshot");
        }
        closeGames();
        outcomes.clear();
        for (int i = 0, n = in.readInt(); i < n; i++) {
            GameSpec spec = GameRecord.readSpec(in);
            if (in.readBoolean()) {
                long version = in.readLong();
                StateHash hash = in.readHash();
                byte[] state = in.readBytes(Integer.MAX_VALUE);
                ReplicaGame game;
                try {
                    game = new ReplicaGame(spec, untyped(local.openInMemory(spec, version, hash, state)));
                } catch (RulesUnavailableException missing) {
                    // a server starts without waiting for a game bundle; the log opens the game when it needs it
                    game = new ReplicaGame(spec, new Snapshot<>(state, version, hash));
                }
                games.put(spec.gameId(), game);
            } else {
                games.put(spec.gameId(), new ReplicaGame(spec, in.readString(1 << 16)));
            }
        }
        for (int i = 0, n = in.readInt(); i < n; i++) {
            outcomes.put(in.readString(64), in.readBytes(1 << 20));
        }
        in.expectEnd();
        setLastAppliedTermIndex(snapshot.getTermIndex());
        snapshotsLoaded.incrementAndGet();
        LOG.info("server '" + serverId + "' loaded snapshot " + snapshot.getTermIndex()
                + " with " + games.size() + " game(s)");
    }

    private void closeGames() {
        for (String gameId : games.keySet()) {
            local.close(gameId);
        }
        games.clear();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (this) {
            closeGames();
        }
        waiting.values().forEach(w -> w.completeExceptionally(new RefusedException(RefusalReason.ENGINE_CLOSED,
                "server '" + serverId + "' stopped its replicated log")));
        super.close();
    }

    /** The server stops while an entry waits for its game's rules: the entry stays unapplied. */
    static final class ServerClosing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServerClosing(RulesUnavailableException cause) {
            super("the server stopped while waiting for rules: " + cause.getMessage(), cause);
        }
    }

    @SuppressWarnings("unchecked")
    static GameEngine<Object, Object> untyped(GameEngine<?, ?> engine) {
        return (GameEngine<Object, Object>) engine;
    }
}
