package io.freelock.demo;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.Participant;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.Vote;

/**
 * One craps game played by threads. Each player is a thread that watches the table and sends its moves (a bet, a
 * commitment to a secret dice nonce, later the nonce itself) through a queue; one game-loop thread takes them out,
 * proposes each as the player's Ed25519-signed proposal against the current state, and has the other players vote
 * for it, signed, so that the engine commits it at two thirds. The players run no rules of their own: they read the
 * table from the rules' text ({@link TableText}), which the loop publishes after every commit.
 *
 * <p><b>Fair dice.</b> Every player that can post the bond commits each round, with a bet or without, and the
 * dice come from all their nonces (see the game.craps README). A player's commitment closes only its own bets,
 * and its bet went before its commitment through the queue (one producer's moves keep their order), so the loop
 * proposes every move as it comes. A player bets within its share of the table limit (the bond, split evenly), so
 * that the players' bets never crowd each other out. A player that cannot post the bond sits the round out.
 *
 * <p><b>Stalls.</b> If no move arrives for a whole window while a dice step waits for moves (a lost move, a
 * starved thread), the loop has the table close the step ({@code close <round>}): the rules void the round, and a
 * player whose reveal is missing forfeits its bond and its bets. Such a round rolls no dice.
 *
 * <p><b>Ending.</b> {@link #finish} lets the round in progress end: the loop, which alone starts rounds, marks that
 * round the last before it shows the players the next one, so they all stop at the same round; it then drains the
 * queue and stops when they all have left. The loop alone calls the engine, so it can check every commit: one
 * version on from the last, and the hash it computes itself, {@code SHA-256(previous hash || operation)}.
 */
final class CrapsTable {

    static final String GAME_TYPE = "craps";
    /** The game spec option that names a game's replication (the replicated games' bundle reads it). */
    static final String REPLICATION = "replication";
    /** The house's chips; the players' come from {@code open}. */
    static final long HOUSE = 1_000_000;
    /** The bond is this fraction of a player's starting chips: enough to cover bets at the table limit. */
    static final long BOND_DIVISOR = 4;
    /** No bet can move more on one roll than 9 times its stake (a Hardway's 9:1): a player's bets stay in its share. */
    private static final long MOST_PER_STAKE = 9;

    /** How long an idle thread parks before it looks again; an unpark from the other side wakes it sooner. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String[] LINE_BETS_COME_OUT = {"pass_line", "dont_pass"};
    private static final String[] PROPOSITION_BETS = {"field", "any_seven", "place_6", "place_8", "hard_4", "hard_6",
        "hard_8", "hard_10"};

    private final GameEngine<Object, Object> engine;
    private final String gameId;
    private final List<String> players;
    private final Map<String, PrivateKey> keys;
    private final long chipsAtStart;
    private final Queue<Move> queue;
    private final long windowNanos;

    private final Thread loop;
    private final List<Thread> playerThreads = new ArrayList<>();
    private final AtomicInteger playersLeft;
    private final AtomicLong sent = new AtomicLong();

    /** The table as the loop last saw it committed; null until the loop starts. */
    private volatile TableText view;
    /** Set by {@link #finish}: the loop marks the round in progress as the last. */
    private volatile boolean stopping;
    /** The last round the players play; written by the loop before it publishes the round after it. */
    private volatile long lastRound = Long.MAX_VALUE;
    /** Set by the loop when it ends: players waiting for the table leave. */
    private volatile boolean closed;
    /** Set when {@link #finish} gives up waiting: everyone leaves at once. */
    private volatile boolean aborted;
    private volatile long firstRound;
    private volatile long committed;
    /** The state the game was opened at: version 0, or where its journal left it. */
    private final Snapshot<Object> opened;
    /** The newest snapshot the engine acknowledged (durable, if the engine journals synchronously). */
    private volatile Snapshot<Object> acknowledged;

    // The loop's own bookkeeping; read by finish() after joining the loop thread.
    private long received;
    private long refused;
    private long late;
    private long sitOuts;
    private long windowsClosed;
    private StateHash chain;
    private boolean chainIntact = true;
    private String lastRefusal = "";
    private String failure = "";

    private CrapsTable(GameEngine<Object, Object> engine, List<String> players, Map<String, PrivateKey> keys,
            long chipsAtStart, Queue<Move> queue, Duration window) {
        this.engine = engine;
        this.gameId = engine.gameId();
        this.players = List.copyOf(players);
        this.keys = keys;
        this.chipsAtStart = chipsAtStart;
        this.queue = queue;
        this.windowNanos = window.toNanos();
        this.playersLeft = new AtomicInteger(players.size());
        this.opened = engine.current();
        this.acknowledged = opened;
        this.loop = new Thread(this::runLoop, "demo-craps-loop");
        for (int seat = 0; seat < players.size(); seat++) {
            String player = players.get(seat);
            SplittableRandom choices = new SplittableRandom(seat * 0x9E3779B97F4A7C15L);
            playerThreads.add(new Thread(() -> play(player, choices), "demo-craps-" + player));
        }
    }

    /**
     * Opens a craps game for the players, each with its Ed25519 key pair from {@code keys} and {@code chips} chips.
     *
     * @param queue takes moves from every player thread and gives them to the one loop thread
     * @param window how long the loop waits without a move before the table closes the dice step
     * @throws RefusedException if the factory cannot open the game (id taken, no craps rules registered)
     */
    static CrapsTable open(GameEngineFactory factory, String gameId, List<String> players, PlayerKeys playerKeys,
            long chips, Queue<Move> queue, Duration window) {
        return open(factory, gameId, players, playerKeys, chips, queue, window, "");
    }

    /**
     * @param replication the spec's {@value #REPLICATION} option ({@code raft}: replicated on every server of a
     *        cluster), or empty for none
     */
    @SuppressWarnings("unchecked")
    static CrapsTable open(GameEngineFactory factory, String gameId, List<String> players, PlayerKeys playerKeys,
            long chips, Queue<Move> queue, Duration window, String replication) {
        Map<String, PrivateKey> keys = new LinkedHashMap<>();
        List<Participant> participants = new ArrayList<>();
        for (String player : players) {
            KeyPair pair = playerKeys.of(player);
            keys.put(player, pair.getPrivate());
            participants.add(new Participant(player, pair.getPublic()));
        }
        // every move is a player's signed proposal, so the table takes no other: its journal then carries every
        // move's signatures, and nobody without the players' keys can write a history that recovers
        Map<String, String> options = new LinkedHashMap<>(Map.of("chips", Long.toString(chips),
                "house", Long.toString(HOUSE), "bond", Long.toString(Math.max(1, chips / BOND_DIVISOR))));
        if (!replication.isEmpty()) {
            options.put(REPLICATION, replication);
        }
        GameSpec spec = new GameSpec(gameId, GAME_TYPE, participants, options).withDirectApplies(false);
        // the host sees no craps class: it drives the engine with text and canonical bytes, as Objects
        GameEngine<Object, Object> engine = (GameEngine<Object, Object>) factory.open(spec);
        long total = Math.addExact(Math.multiplyExact(chips, (long) players.size()), HOUSE);
        return new CrapsTable(engine, players, keys, total, queue, window);
    }

    String gameId() {
        return gameId;
    }

    /** Starts the loop and the players; the players make their first move once the loop shows them the table. */
    void start() {
        loop.start();
        playerThreads.forEach(Thread::start);
    }

    /** @return dice rounds completed so far */
    long rounds() {
        TableText now = view;
        return now == null ? 0 : now.round() - firstRound;
    }

    /** @return operations committed so far */
    long committed() {
        return committed;
    }

    /** @return the state the game was opened at: version 0 for a new game, else where its journal left it */
    Snapshot<Object> opened() {
        return opened;
    }

    /** @return the newest snapshot the engine acknowledged */
    Snapshot<Object> acknowledged() {
        return acknowledged;
    }

    /**
     * Lets the round in progress end and the loop drain the queue, then reports. Gives up after {@code patience}:
     * then every thread leaves at once and the report names the problem.
     *
     * @throws InterruptedException if interrupted while waiting; every thread has been told to leave
     */
    CrapsReport finish(Duration patience) throws InterruptedException {
        stopping = true;
        LockSupport.unpark(loop);
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> problems = new ArrayList<>();
        try {
            for (Thread thread : threads()) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (threads().stream().anyMatch(Thread::isAlive)) {
                problems.add("the last round did not end within " + patience.toMillis() + " ms");
                abort();
                for (Thread thread : threads()) {
                    thread.join(); // they leave at their next look at the table
                }
            }
        } catch (InterruptedException e) {
            abort();
            throw e;
        }
        if (!failure.isEmpty()) {
            problems.add(failure);
        }
        Snapshot<Object> end = engine.current();
        long chipsAtEnd = -1; // if the state cannot be read, nobody can say the chips are all there
        try {
            chipsAtEnd = TableText.parse(engine.describeState(end.state())).totalChips();
        } catch (RuntimeException e) {
            problems.add("the final state cannot be read: " + e.getMessage());
        }
        return new CrapsReport(gameId, players, rounds(), committed, opened.version(), end.version(),
                end.hash().toHex(),
                chainIntact && end.hash().equals(chain), chipsAtStart, chipsAtEnd, sent.get(), received, refused,
                late, sitOuts, windowsClosed, lastRefusal, String.join("; ", problems));
    }

    private void abort() {
        aborted = true;
        threads().forEach(LockSupport::unpark);
    }

    private List<Thread> threads() {
        List<Thread> all = new ArrayList<>(playerThreads);
        all.add(loop);
        return all;
    }

    // ---- a player ----

    /** One player: bets, commits and reveals each round, until the table's last round or the table closes. */
    private void play(String player, SplittableRandom choices) {
        try {
            SecureRandom secrets = new SecureRandom(); // the nonce must be unguessable, or the dice are not fair
            TableText first = await(table -> true);
            if (first == null) {
                return;
            }
            for (long round = first.round(); ; round++) {
                long r = round;
                TableText table = await(t -> t.round() > r || t.round() == r && t.committing());
                if (table == null || r > lastRound) {
                    return; // lastRound is written before the round after it is published: no player misses it
                }
                if (table.round() > r) {
                    round = table.round() - 1; // the round was closed without us: join the current one
                    continue;
                }
                TableText.Seat seat = table.seats().get(player);
                if (seat == null || seat.sittingOut()) {
                    send(new Move(player, r, Move.Kind.SIT_OUT, ""));
                    continue;
                }
                String bet = betText(player, seat, table, choices);
                if (bet != null) {
                    send(new Move(player, r, Move.Kind.BET, bet));
                }
                byte[] nonce = new byte[32];
                secrets.nextBytes(nonce);
                send(new Move(player, r, Move.Kind.COMMIT,
                        "commit " + player + " " + hex(commitment(table.tableKey(), r, player, nonce))));
                TableText revealing = await(t -> t.round() > r || t.round() == r && t.revealing());
                if (revealing == null) {
                    return;
                }
                if (revealing.round() == r) {
                    send(new Move(player, r, Move.Kind.REVEAL, "reveal " + player + " " + hex(nonce)));
                }
            }
        } finally {
            playersLeft.decrementAndGet();
            LockSupport.unpark(loop); // the loop may be waiting for the last player to leave
        }
    }

    /**
     * @return a bet that leaves the bond in the player's hand and keeps its bets within its share of the table
     *         limit: a line bet half of the time, else a proposition bet; null if no bet fits
     */
    private String betText(String player, TableText.Seat seat, TableText table, SplittableRandom choices) {
        String kind = choices.nextBoolean()
                ? (table.comeOut() ? LINE_BETS_COME_OUT[choices.nextInt(LINE_BETS_COME_OUT.length)] : "come")
                : PROPOSITION_BETS[choices.nextInt(PROPOSITION_BETS.length)];
        long unit = kind.startsWith("place") ? 6 : 5; // Place 6/8 pay 7:6, so they take multiples of 6
        long room = (table.bond() / players.size() - seat.exposure()) / MOST_PER_STAKE;
        long most = Math.min(seat.balance() - table.bond(), room);
        long amount = Math.min(unit * (1 + choices.nextInt(4)), most - most % unit);
        return amount <= 0 ? null : "bet " + player + " " + kind + " " + amount;
    }

    /**
     * @return the dice commitment as the craps rules define it: SHA-256 of, in canonical form, the string
     *         {@code craps/commit/v2}, the table key, the round, the player and the nonce
     */
    static byte[] commitment(String tableKey, long round, String player, byte[] nonce) {
        return new CanonicalWriter().writeString("craps/commit/v2").writeFixed(HexFormat.of().parseHex(tableKey))
                .writeLong(round).writeString(player).writeFixed(nonce).sha256();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private void send(Move move) {
        while (!queue.offer(move)) {
            if (aborted) {
                return; // not sent, so not counted
            }
            Thread.onSpinWait(); // a full bounded queue: the loop is taking moves out
        }
        sent.incrementAndGet();
        LockSupport.unpark(loop);
    }

    /** @return the first table the loop publishes that satisfies {@code wanted}; null once the table closes */
    private TableText await(Predicate<TableText> wanted) {
        for (;;) {
            TableText table = view;
            if (table != null && wanted.test(table)) {
                return table;
            }
            if (closed || aborted) {
                return null;
            }
            LockSupport.parkNanos(this, IDLE_NANOS);
        }
    }

    // ---- the game loop ----

    private void runLoop() {
        try {
            while (queue.poll() != null) {
                // moves left in a reused queue by an earlier table that gave up are not this game's
            }
            Snapshot<Object> start = engine.current();
            chain = start.hash();
            TableText table = TableText.parse(engine.describeState(start.state()));
            firstRound = table.round();
            publish(table);
            takeMoves();
        } catch (RuntimeException e) {
            failure = "the game loop failed: " + e;
        } finally {
            closed = true;
            playerThreads.forEach(LockSupport::unpark);
        }
    }

    private void takeMoves() {
        Set<String> sittingOut = new HashSet<>();
        long round = view.round();
        long quietSince = System.nanoTime();
        while (!aborted) {
            Move move = queue.poll();
            if (move == null && playersLeft.get() == 0) {
                move = queue.poll(); // a last look: what a player sent before it left is in the queue by now
                if (move == null) {
                    return;
                }
            }
            if (move != null) {
                received++;
                take(move, sittingOut);
                if (sittingOut.size() == players.size()) {
                    return; // nobody can bet: the game is over
                }
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > windowNanos) {
                closeStep();
                quietSince = System.nanoTime(); // once per window, even if the close did not go through
            } else {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
            if (view.round() != round) {
                round = view.round();
                sittingOut.clear();
            }
        }
    }

    private void take(Move move, Set<String> sittingOut) {
        if (move.round() != view.round()) {
            late++; // its round was closed before it arrived
            return;
        }
        if (move.kind() == Move.Kind.SIT_OUT) {
            sitOuts++;
            sittingOut.add(move.player());
            return;
        }
        if (!propose(move.player(), move.operation())) {
            refused++;
        }
    }

    /** A dice step waited a whole window: have the table close it, which voids the round. */
    private void closeStep() {
        TableText table = view;
        if (table.committing() && !table.anyCommitted()) {
            return; // nothing to close yet: the rules refuse to close a step nobody took part in
        }
        if (propose(players.get(0), "close " + table.round())) {
            windowsClosed++;
        }
    }

    /**
     * Proposes {@code text} as {@code proposer}'s signed proposal against the current state and has the other
     * players vote for it, signed, until it is decided.
     *
     * @return whether it committed
     */
    @SuppressWarnings("unchecked")
    private boolean propose(String proposer, String text) {
        Snapshot<Object> before = engine.current(); // the loop is the only proposer: nothing moves it meanwhile
        byte[] operation = null; // set before anything that can throw NotDurableException
        try {
            operation = engine.encodeOperation(engine.parseOperation(text));
            ProposalState proposal = engine.submit(
                    Proposal.sign(gameId, proposer, before.hash(), operation, keys.get(proposer)));
            for (String voter : players) {
                if (proposal.status() != ProposalStatus.OPEN) {
                    break;
                }
                if (!voter.equals(proposer)) {
                    proposal = engine.vote(Vote.sign(gameId, proposal.id(), voter, true, keys.get(voter)));
                }
            }
            if (proposal.status() != ProposalStatus.COMMITTED) {
                lastRefusal = "'" + text + "': " + proposal;
                return false;
            }
            Snapshot<Object> after = (Snapshot<Object>) proposal.committed().orElseThrow();
            installed(before, operation, after);
            acknowledged = after;
            return true;
        } catch (NotDurableException e) {
            // installed, so the table moves on with it, but not acknowledged: the journal did not confirm it
            lastRefusal = "'" + text + "': " + e.getMessage();
            installed(before, operation, e.installed());
            return false;
        } catch (RefusedException e) {
            lastRefusal = "'" + text + "': " + e.getMessage();
            return false;
        }
    }

    private void installed(Snapshot<Object> before, byte[] operation, Snapshot<?> after) {
        chain = chain.next(operation, StateHash.digest(engine.encodeState(after.state())));
        chainIntact &= after.version() == before.version() + 1 && after.hash().equals(chain);
        committed++; // only the loop writes it; volatile for the progress lines
        publish(TableText.parse(engine.describeState(after.state())));
    }

    private void publish(TableText table) {
        TableText previous = view;
        if (stopping && previous != null && table.round() != previous.round() && lastRound == Long.MAX_VALUE) {
            lastRound = previous.round(); // before the players can see the next round: none of them starts it
        }
        view = table;
        playerThreads.forEach(LockSupport::unpark); // whoever waits for this table looks now
    }
}
