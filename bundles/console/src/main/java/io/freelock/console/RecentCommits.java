package io.freelock.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.freelock.consensus.Commit;
import io.freelock.consensus.CommitListener;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.Registration;
import io.freelock.consensus.RulesUnavailableException;

/**
 * The last commits of each open game, as a commit listener of the engine (the public way to see commits) receives
 * them from the moment the console first saw the game open (it looks every second). The engine hands each listener its commits on a thread
 * of its own, so a page view never waits on a game.
 */
final class RecentCommits {

    static final int KEPT = 10;

    /** One commit as the page shows it. */
    record Line(long version, String hash, String operation, Instant at) {
    }

    private static final class Watch {
        final GameEngine<?, ?> engine;
        final Instant since = Instant.now();
        final Deque<Line> lines = new ArrayDeque<>(KEPT);
        /** Set once addListener returns; read only by the page thread that watches or closes. */
        Registration registration = () -> { };

        Watch(GameEngine<?, ?> engine) {
            this.engine = engine;
        }
    }

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "freelock-console-games");
        thread.setDaemon(true);
        return thread;
    });

    /** Looks for newly opened games every second, so that their commits are seen before anyone opens the page. */
    void start(Supplier<List<GameEngine<?, ?>>> engines) {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                watch(engines.get());
            } catch (RuntimeException e) {
                // the factory is going away; the page's next look, or the next tick, tries again
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Starts listening to the engines not yet watched and lets go of those closed. */
    synchronized void watch(List<GameEngine<?, ?>> open) {
        for (GameEngine<?, ?> engine : open) {
            watches.compute(engine.gameId(), (id, watch) -> watch != null && watch.engine == engine ? watch : listen(engine, watch));
        }
        watches.entrySet().removeIf(entry -> {
            boolean gone = open.stream().noneMatch(e -> e == entry.getValue().engine);
            if (gone) {
                entry.getValue().registration.close();
            }
            return gone;
        });
    }

    private static <S, O> Watch listen(GameEngine<S, O> engine, Watch replaced) {
        if (replaced != null) {
            replaced.registration.close(); // a game closed and opened again under the same id is another engine
        }
        Watch watch = new Watch(engine);
        CommitListener<S, O> listener = commit -> record(watch, engine, commit);
        watch.registration = engine.addListener(listener);
        return watch;
    }

    private static <S, O> void record(Watch watch, GameEngine<S, O> engine, Commit<S, O> commit) {
        String operation;
        try {
            operation = engine.describeOperation(commit.operation());
        } catch (RulesUnavailableException absent) {
            operation = "(rules absent: " + commit.encodedOperation().length + " bytes)";
        }
        Line line = new Line(commit.after().version(), commit.after().hash().shortHex(), operation, Instant.now());
        synchronized (watch.lines) {
            if (watch.lines.size() == KEPT) {
                watch.lines.removeFirst();
            }
            watch.lines.addLast(line);
        }
    }

    /** @return the game's last commits, newest first */
    List<Line> of(String gameId) {
        Watch watch = watches.get(gameId);
        if (watch == null) {
            return List.of();
        }
        synchronized (watch.lines) {
            List<Line> newestFirst = new ArrayList<>(watch.lines);
            Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    /** @return since when the game's commits are seen */
    Instant since(String gameId) {
        Watch watch = watches.get(gameId);
        return watch == null ? Instant.now() : watch.since;
    }

    synchronized void close() {
        ticker.shutdownNow();
        watches.values().forEach(watch -> watch.registration.close());
        watches.clear();
    }
}
