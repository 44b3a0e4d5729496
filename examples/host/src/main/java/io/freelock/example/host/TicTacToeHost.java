package io.freelock.example.host;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * Plays tic-tac-toe games between two players whose moves arrive through a managed queue. The players' thread
 * offers random moves for both players ({@code "alice 4"}), as clients would, legal or not; the game loop takes
 * them off the queue and applies them; the engine refuses the illegal ones. Starts once the queue manager, the
 * engine factory and the rules (a {@link StateMachine} with {@code game.type=tictactoe}) are all registered.
 */
@Component(immediate = true, reference = @Reference(name = "rules", service = StateMachine.class,
        target = "(" + StateMachine.GAME_TYPE + "=tictactoe)"))
@Designate(ocd = TicTacToeHost.Config.class)
public final class TicTacToeHost {

    @ObjectClassDefinition(name = "Freelock example host", description = "Plays tic-tac-toe through a managed queue.")
    public @interface Config {
        /** @return how many games to play, one after the other */
        int games() default 3;

        /** @return the managed queue's spec: several players offer, one game loop takes */
        String spec() default "queue:mpsc?capacity=64";
    }

    private static final System.Logger LOG = System.getLogger(TicTacToeHost.class.getName());
    private static final List<String> PLAYERS = List.of("alice", "bob");

    private final GameEngineFactory games;
    private final ManagedQueue<String> moves;
    private final Thread players;
    /** The games this host opened; closed with it, so that an uninstalled host leaves no game behind. */
    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    private final Thread loop;

    @Activate
    public TicTacToeHost(@Reference QueueManager queues, @Reference GameEngineFactory games, Config config) {
        this.games = games;
        this.moves = queues.open("example.moves", QueueSpec.parse(config.spec()));
        this.players = new Thread(this::offerMoves, "example-players");
        this.loop = new Thread(() -> play(config.games()), "example-game-loop");
        loop.start(); // first: the players offer moves while the loop is alive
        players.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        loop.interrupt();
        players.interrupt();
        loop.join(TimeUnit.SECONDS.toMillis(10));
        players.join(TimeUnit.SECONDS.toMillis(10));
        opened.forEach(games::close);
    }

    /** The clients: random moves for either player, about one a millisecond, until the game loop is done. */
    private void offerMoves() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (loop.isAlive() && !Thread.currentThread().isInterrupted()) {
            moves.offer(PLAYERS.get(random.nextInt(2)) + " " + random.nextInt(9)); // a full queue drops the move
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** The game loop: one game after another, each move taken from the queue and applied, until the last ends. */
    private void play(int count) {
        long taken = 0;
        long refused = 0;
        try {
            for (int n = 1; n <= count; n++) {
                GameEngine<?, ?> engine = openNewGame();
                while (describe(engine).endsWith(" to move")) {
                    String move = moves.poll();
                    if (move == null) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // nothing sent yet
                        if (Thread.interrupted()) {
                            return;
                        }
                        continue;
                    }
                    taken++;
                    try {
                        apply(engine, move);
                    } catch (RefusedException illegal) {
                        refused++; // out of turn or a taken cell: the engine's answer, the state unchanged
                    }
                }
                LOG.log(Level.INFO, "example host: game {0} over at v{1}: {2}", engine.gameId(),
                        engine.current().version(), describe(engine));
            }
            LOG.log(Level.INFO, "example host: played {0} games; queue ''{1}'' moved {2} moves on {3}, {4} refused",
                    count, moves.name(), taken, moves.driver(), refused);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // deactivated: stop quietly
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "example host: the game loop stopped", e);
        }
    }

    /** Moves are text, so this host needs none of the game's classes: the rules parse them. */
    private static <S, O> void apply(GameEngine<S, O> engine, String move) {
        engine.apply(engine.parseOperation(move));
    }

    /** The rules end a state's description with "to move" while the game goes on (see the game's README). */
    private static <S> String describe(GameEngine<S, ?> engine) {
        return engine.describeState(engine.current().state());
    }

    /**
     * @return a game that can be played: under the first id that is not open now. The engine recovers a game of that
     *         id from its journal (a launcher started again on the same data); one that had ended is closed again.
     */
    private GameEngine<?, ?> openNewGame() throws InterruptedException {
        for (int n = 1; ; n++) {
            String id = "tictactoe-" + n;
            if (games.find(id).isEmpty()) {
                GameEngine<?, ?> engine = openWhenJournalReady(new GameSpec(id, "tictactoe", participants()));
                opened.add(id);
                if (describe(engine).endsWith(" to move")) {
                    return engine;
                }
                games.close(id);
            }
        }
    }

    /**
     * The engine journals every game by default and refuses to open one until the journal store is registered, which
     * can come after this host in a container that is still starting: try again until it does.
     */
    private GameEngine<?, ?> openWhenJournalReady(GameSpec spec) throws InterruptedException {
        while (true) {
            try {
                return games.open(spec);
            } catch (RefusedException e) {
                if (e.reason() != RefusalReason.JOURNAL_UNAVAILABLE) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Fresh keys each run: this host applies moves directly, so nobody signs; a real host keeps its players' keys. */
    private static List<Participant> participants() {
        return PLAYERS.stream().map(id -> new Participant(id, Participant.generateKeys().getPublic())).toList();
    }
}
