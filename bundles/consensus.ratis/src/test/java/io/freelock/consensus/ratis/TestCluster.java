package io.freelock.consensus.ratis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.engine.EngineFactory;
import io.freelock.consensus.engine.EngineSettings;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.testkit.Await;

/**
 * Servers of one replicated log in this JVM, each on its own loopback port with its own storage folder and its own
 * local engine factory (as separate JVMs would have), playing {@link LedgerRules}. A server can be stopped (its Ratis
 * server closed, as a crash would end it: nothing of it is asked to hand over) and started again on the same folder
 * with a fresh engine factory, as a restarted JVM would.
 */
final class TestCluster implements AutoCloseable {

    final Path storage;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, Replication> servers = new LinkedHashMap<>();
    /** Each server's local engine factory. */
    final Map<String, EngineFactory> factories = new LinkedHashMap<>();
    /** The players of every game a test opens: p0, p1, p2, with the same keys in every game. */
    final Players players = Players.withKeys(3);
    private final Duration requestTimeout;
    private final long snapshotEvery;
    private final long checkEvery;
    /** Off by default in tests: a killed server here is a crashed process, whose writes the OS still has. */
    boolean fsync;

    TestCluster(Path storage, int size, Duration requestTimeout, long snapshotEvery, long checkEvery) {
        this.storage = storage;
        this.requestTimeout = requestTimeout;
        this.snapshotEvery = snapshotEvery;
        this.checkEvery = checkEvery;
        for (int i = 0; i < size; i++) {
            ports.put("s" + i, freePort());
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the peer list of the servers named, in id=host:port form */
    String peers(List<String> ids) {
        return ids.stream().map(id -> id + "=127.0.0.1:" + ports.get(id)).collect(Collectors.joining(","));
    }

    String peers() {
        return peers(new ArrayList<>(ports.keySet()));
    }

    ReplicationSettings settings(String id, String peers) {
        return ReplicationSettings.of(id, peers, storage).withRequestTimeout(requestTimeout)
                .withSnapshotEvery(snapshotEvery).withCheckEvery(checkEvery).withSegmentBytes(16 * 1024).withFsync(fsync)
                .withElectionTimeout(Duration.ofMillis(300));
    }

    void startAll() {
        ports.keySet().forEach(id -> start(id, new LedgerRules()));
    }

    Replication start(String id, LedgerRules rules) {
        return start(id, rules, peers(), false);
    }

    /** @param rules the server's rules; null for a server whose game bundle is not there yet ({@link #addRules}) */
    Replication start(String id, LedgerRules rules, String peers, boolean joining) {
        EngineFactory local = new EngineFactory(EngineSettings.defaults());
        factories.put(id, local);
        if (rules != null) {
            addRules(id, rules);
        }
        try {
            Replication server = Replication.start(settings(id, peers), local, joining);
            servers.put(id, server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void addRules(String id, LedgerRules rules) {
        factories.get(id).addRules(rules, Map.of("game.type", LedgerRules.TYPE));
    }

    /** Ends a server's member of the log at once. */
    void kill(String id) {
        try {
            servers.remove(id).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Replication server(String id) {
        return servers.get(id);
    }

    /** @return the id of the server that leads now, once one does */
    String awaitLeader() {
        String[] leader = new String[1];
        Await.until("a leader among " + servers.keySet(), () -> {
            for (Map.Entry<String, Replication> server : servers.entrySet()) {
                if (server.getValue().node().isLeader()) {
                    leader[0] = server.getKey();
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /** @return a spec of a ledger game seating the first {@code participants} of the cluster's {@link #players} */
    GameSpec spec(String gameId, int participants) {
        return new GameSpec(gameId, LedgerRules.TYPE, players.participants().subList(0, participants));
    }

    @SuppressWarnings("unchecked")
    static GameEngine<LedgerRules.Ledger, Long> ledger(GameEngine<?, ?> engine) {
        return (GameEngine<LedgerRules.Ledger, Long>) engine;
    }

    GameEngine<LedgerRules.Ledger, Long> game(String serverId, String gameId) {
        Optional<GameEngine<?, ?>> found = servers.get(serverId).find(gameId);
        return ledger(found.orElseThrow(() -> new AssertionError("server " + serverId + " has no game " + gameId)));
    }

    /**
     * Applies tickets {@code from} (inclusive) to {@code to} (exclusive) from {@code writers} threads at once, each
     * through one of {@code through} in turn, and checks that each snapshot acknowledged holds its ticket.
     */
    void play(String gameId, long from, long to, int writers, List<String> through) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (long ticket = from + writer; ticket < to; ticket += writers) {
                        Snapshot<LedgerRules.Ledger> after = game(through.get(writer % through.size()), gameId)
                                .apply(ticket);
                        if (!after.state().has(ticket)) {
                            throw new AssertionError("the snapshot acknowledged lacks ticket " + ticket);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Waits until every running server's copy of the game is at {@code version}. */
    void awaitVersion(String gameId, long version) {
        for (String id : servers.keySet()) {
            Await.until("server " + id + " at version " + version + " of " + gameId,
                    () -> servers.get(id).find(gameId).map(g -> g.current().version() >= version).orElse(false));
        }
    }

    /** Closes every server at once: a Ratis server takes a while to close, and none waits for another. */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (Replication server : servers.values()) {
            Thread thread = new Thread(() -> {
                try {
                    server.close();
                } catch (IOException | RuntimeException e) {
                    // the others still close
                }
            }, "close " + server.serverId());
            thread.start();
            closing.add(thread);
        }
        servers.clear();
        for (Thread thread : closing) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
