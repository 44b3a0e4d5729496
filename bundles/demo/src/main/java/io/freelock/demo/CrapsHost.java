package io.freelock.demo;

import java.util.Queue;
import java.util.function.Consumer;

/**
 * The demo's craps table as the demo host sees it. {@link CrapsTables} registers it only while a
 * {@code GameEngineFactory} and the craps rules are registered; this interface names no type of the consensus API,
 * so {@link QueueDemo} (which holds an optional reference to it) resolves, loads and runs without those bundles.
 */
public interface CrapsHost {

    /**
     * Opens a craps game and plays it for about {@code millis}: player threads send their moves through
     * {@code queue}, which must take several producers and one consumer; the game loop proposes each, the players
     * vote, the engine commits. The round in progress when the time is up is played to its end.
     *
     * @param replication the game spec's {@code replication} option: {@code raft} for a game replicated on every
     *        server of a cluster, or empty to leave it to the game engine factory
     * @param progress told a line a second while the table plays
     * @return what was played, and whether every move and chip is accounted for
     * @throws InterruptedException if the calling thread was interrupted; the table is stopped first
     */
    CrapsReport play(Queue<Move> queue, long millis, String replication, Consumer<String> progress)
            throws InterruptedException;
}
