package io.freelock.it;

import static io.freelock.it.FreelockContainer.shell;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.TransitionCheck;
import io.freelock.consensus.Vote;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.testkit.Await;

/**
 * The consensus engine and the craps rules in the launcher's container, driven only through their OSGi services:
 * the {@link GameEngineFactory}, the craps {@link StateMachine}, and the engines they open. The craps bundle exports
 * no class, so the test plays as any host does: operations as text, the state as the rules describe it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GameIT {

    private static final String CRAPS_BUNDLE = "io.freelock.game.craps";
    private static final List<String> PLAYERS = List.of("alice", "bob", "carol");
    private static final long CHIPS = 1_000;
    private static final long HOUSE = 100_000;

    @Inject
    private BundleContext context;

    /** Registered by the engine bundle, and there whether the craps rules are or not. */
    @Inject
    private GameEngineFactory factory;

    /** The players of the game opened last, each with a new Ed25519 key pair. */
    private Players players;
    private final SecureRandom random = new SecureRandom();

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    /** Opens a craps game of the three players, each with a new Ed25519 key pair, once the rules are bound. */
    @SuppressWarnings("unchecked")
    private GameEngine<Object, Object> open(String gameId) throws Exception {
        Await.until("the craps rules bound to the engine factory",
                () -> factory.gameTypes().contains("craps"));
        players = Players.withKeys(PLAYERS);
        return (GameEngine<Object, Object>) factory.open(new GameSpec(gameId, "craps", players.participants(),
                Map.of("chips", Long.toString(CHIPS), "house", Long.toString(HOUSE))));
    }

    private Proposal propose(GameEngine<Object, Object> engine, String proposer, byte[] operation) {
        return Proposal.sign(engine.gameId(), proposer, engine.current().hash(), operation,
                players.privateKey(proposer));
    }

    /** One committed operation: the hash before, the canonical operation, the hash after. */
    private static final class Transition {
        final StateHash from;
        final byte[] operation;
        final byte[] stateDigest;
        final StateHash to;

        Transition(StateHash from, byte[] operation, byte[] stateDigest, StateHash to) {
            this.from = from;
            this.operation = operation;
            this.stateDigest = stateDigest;
            this.to = to;
        }
    }

    /**
     * Proposes {@code text} as {@code proposer}, signed, and has the other players vote for it, signed, until it
     * commits: two of three are needed, so the proposer's own vote and one more.
     */
    private Transition agree(GameEngine<Object, Object> engine, String proposer, String text) {
        Snapshot<Object> before = engine.current();
        byte[] operation = engine.encodeOperation(engine.parseOperation(text));
        ProposalState state = engine.submit(propose(engine, proposer, operation));
        assertEquals(text + ": one vote of the two needed", ProposalStatus.OPEN, state.status());
        for (String voter : PLAYERS) {
            if (!voter.equals(proposer) && state.status() == ProposalStatus.OPEN) {
                state = engine.vote(Vote.sign(engine.gameId(), state.id(), voter, true, players.privateKey(voter)));
            }
        }
        assertEquals(text, ProposalStatus.COMMITTED, state.status());
        Snapshot<?> after = state.committed().orElseThrow();
        assertEquals(text + ": the next version", before.version() + 1, after.version());
        byte[] digest = StateHash.digest(engine.encodeState(after.state()));
        assertEquals(text + ": the hash chains", before.hash().next(operation, digest), after.hash());
        assertSame(after, engine.current());
        return new Transition(before.hash(), operation, digest, after.hash());
    }

    private static String describe(GameEngine<Object, Object> engine) {
        return engine.describeState(engine.current().state());
    }

    /**
     * @return a dice commitment as the craps README defines it: SHA-256 of, in canonical form, the string
     *         {@code craps/commit/v2}, the table key the rules publish, the round, the player and the nonce
     */
    private static byte[] commitment(String tableKey, long round, String player, byte[] nonce) {
        return new CanonicalWriter().writeString("craps/commit/v2").writeFixed(HexFormat.of().parseHex(tableKey))
                .writeLong(round).writeString(player).writeFixed(nonce).sha256();
    }

    /**
     * @return the two dice of a round from its reveals, computed here as the rules document it (the seed is the
     *         XOR of the nonces, the dice its first two bytes below 252), independently of the rules' code; these
     *         random nonces have two such bytes in all but about 2^-180 of rounds
     */
    private static int[] dice(List<byte[]> reveals) {
        byte[] seed = new byte[32];
        reveals.forEach(nonce -> {
            for (int i = 0; i < seed.length; i++) {
                seed[i] ^= nonce[i];
            }
        });
        int[] dice = new int[2];
        int found = 0;
        for (int i = 0; i < seed.length && found < 2; i++) {
            if ((seed[i] & 0xff) < 252) {
                dice[found++] = (seed[i] & 0xff) % 6 + 1;
            }
        }
        assertEquals("two accepted bytes in the seed", 2, found);
        return dice;
    }

    private static long balance(String state, String player) {
        return Long.parseLong(find(state, "(?m)^  " + player + ": (\\d+) chips, \\d+ on the table").group(1));
    }

    private static long onTable(String state, String player) {
        return Long.parseLong(find(state, "(?m)^  " + player + ": \\d+ chips, (\\d+) on the table").group(1));
    }

    private static Matcher find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue("/" + regex + "/ in\n" + text, m.find());
        return m;
    }

    @Test
    public void aRoundPlayedThroughTheServicesSettlesByTheRulesAndTheHashChainChecksOut() throws Exception {
        Collection<ServiceReference<StateMachine>> rules = context.getServiceReferences(StateMachine.class,
                "(" + StateMachine.GAME_TYPE + "=craps)");
        assertEquals(1, rules.size());
        assertEquals(CRAPS_BUNDLE, rules.iterator().next().getBundle().getSymbolicName());
        GameEngine<Object, Object> engine = open("it-round");
        Snapshot<Object> genesis = engine.current();
        assertEquals(0, genesis.version());
        assertTrue(engine.rulesAvailable());

        // bad input is refused by reason and changes nothing
        RefusedException aboveBalance = assertThrows(RefusedException.class, () -> engine.submit(
                propose(engine, "alice", engine.encodeOperation(engine.parseOperation("bet alice field 5000")))));
        assertEquals(RefusalReason.BET_ABOVE_BALANCE, aboveBalance.reason());
        byte[] fieldBet = engine.encodeOperation(engine.parseOperation("bet alice field 10"));
        RefusedException forged = assertThrows(RefusedException.class, () -> engine.submit(Proposal.sign(
                engine.gameId(), "alice", genesis.hash(), fieldBet, players.privateKey("bob"))));
        assertEquals(RefusalReason.BAD_SIGNATURE, forged.reason());
        assertSame(genesis, engine.current());

        List<Transition> transitions = new ArrayList<>();
        transitions.add(agree(engine, "alice", "bet alice pass_line 10"));
        transitions.add(agree(engine, "bob", "bet bob field 20"));
        transitions.add(agree(engine, "carol", "bet carol any_seven 5"));
        List<byte[]> nonces = new ArrayList<>();
        String tableKey = find(describe(engine), "(?m)^dice table ([0-9a-f]{64}), bond").group(1);
        for (String player : PLAYERS) {
            byte[] nonce = new byte[32];
            random.nextBytes(nonce);
            nonces.add(nonce);
            transitions.add(agree(engine, player,
                    "commit " + player + " " + HexFormat.of().formatHex(commitment(tableKey, 1, player, nonce))));
        }
        assertTrue(describe(engine), describe(engine).startsWith("round 1, come-out, shooter alice, revealing,"));
        for (int seat = 0; seat < PLAYERS.size(); seat++) {
            String player = PLAYERS.get(seat);
            transitions.add(agree(engine, player, "reveal " + player + " " + HexFormat.of().formatHex(nonces.get(seat))));
        }

        // the last reveal rolled the dice, from the three nonces, and settled the round
        String state = describe(engine);
        int[] dice = dice(nonces);
        int total = dice[0] + dice[1];
        boolean point = total >= 4 && total <= 10 && total != 7;
        assertTrue(state, state.startsWith("round 2, " + (point ? "point " + total : "come-out") + ", shooter alice, "
                + "committing, rolls 1, last roll " + dice[0] + "+" + dice[1] + "=" + total + "\n"));
        // Pass Line 10: 7 or 11 win 1:1, 2, 3 or 12 lose, else it stays on the point
        boolean passWins = total == 7 || total == 11;
        boolean passDecided = passWins || total == 2 || total == 3 || total == 12;
        assertEquals(state, passWins ? CHIPS + 10 : CHIPS - 10, balance(state, "alice"));
        assertEquals(state, passDecided ? 0 : 10, onTable(state, "alice"));
        // Field 20: 2 and 12 pay 2:1, 3, 4, 9, 10, 11 pay 1:1, 5 to 8 lose
        long field = total == 2 || total == 12 ? 40 : total == 3 || total == 4 || total >= 9 ? 20 : -20;
        assertEquals(state, CHIPS + field, balance(state, "bob"));
        // Any Seven 5: 7 pays 4:1
        assertEquals(state, total == 7 ? CHIPS + 20 : CHIPS - 5, balance(state, "carol"));
        // the chips the players won or lost came from or went to the house, and nothing else moved
        long players = balance(state, "alice") + onTable(state, "alice") + balance(state, "bob") + balance(state, "carol");
        long house = Long.parseLong(find(state, "(?m)^house (-?\\d+), chips in play (\\d+)$").group(1));
        assertEquals(state, 3 * CHIPS + HOUSE, players + house);
        assertEquals(state, 3 * CHIPS + HOUSE, Long.parseLong(find(state, "chips in play (\\d+)").group(1)));

        // nine operations, nine versions, one hash chain from the genesis hash; each link re-executes as it was
        assertEquals(9, engine.current().version());
        assertEquals(9, engine.stats().proposalsCommitted());
        StateHash chain = genesis.hash();
        for (Transition t : transitions) {
            assertEquals(chain, t.from);
            chain = chain.next(t.operation, t.stateDigest);
            TransitionCheck check = engine.validateTransition(t.from, engine.decodeOperation(t.operation), t.to);
            assertTrue(check.toString(), check.isValid());
            assertTrue("the engine holds the state and compared it", check.targetStateCompared());
        }
        assertEquals(engine.current().hash(), chain);
        // a link that does not belong there does not check out
        TransitionCheck wrong = engine.validateTransition(transitions.get(0).from,
                engine.decodeOperation(transitions.get(1).operation), transitions.get(0).to);
        assertEquals(TransitionCheck.Verdict.HASH_MISMATCH, wrong.verdict());
        assertTrue(factory.close("it-round"));
    }

    @Test
    public void stoppingTheCrapsBundleMakesTheEngineRefuseNamingTheGameAndStartingItResumesWhereItWas()
            throws Exception {
        GameEngine<Object, Object> engine = open("it-restart");
        agree(engine, "alice", "bet alice pass_line 50");
        Snapshot<Object> before = engine.current();
        byte[] bobsBet = engine.encodeOperation(engine.parseOperation("bet bob field 5"));
        Bundle craps = bundle(CRAPS_BUNDLE);

        craps.stop();
        try {
            Await.until("the engine to lose the craps rules", () -> !engine.rulesAvailable());
            assertFalse(factory.gameTypes().contains("craps"));
            RulesUnavailableException absent = assertThrows(RulesUnavailableException.class,
                    () -> engine.submit(propose(engine, "bob", bobsBet)));
            assertEquals(RefusalReason.RULES_UNAVAILABLE, absent.reason());
            assertEquals("it-restart", absent.gameId());
            assertEquals("craps", absent.gameType());
            assertTrue(absent.getMessage(), absent.getMessage().startsWith(
                    "RULES_UNAVAILABLE: game 'it-restart' needs a StateMachine service with game.type=craps"));
            assertThrows(RulesUnavailableException.class, () -> engine.parseOperation("bet bob field 5"));
            // the game is still there, at the version and hash it had, and the shell says why it is stuck
            assertSame(before, engine.current());
            String list = shell(context, "game:list");
            assertTrue(list, list.matches("(?s).*\\nit-restart +craps +ABSENT +1 .*"));
            // and no new game of that type opens meanwhile
            RulesUnavailableException noRules = assertThrows(RulesUnavailableException.class,
                    () -> factory.open(new GameSpec("it-restart-2", "craps", engine.participants())));
            assertEquals("it-restart-2", noRules.gameId());
        } finally {
            craps.start();
        }

        Await.until("the engine to get the craps rules back", engine::rulesAvailable);
        assertEquals(before.version(), engine.current().version());
        assertEquals(before.hash(), engine.current().hash());
        assertTrue(describe(engine), describe(engine).contains("  alice: 950 chips, 50 on the table"));
        assertArrayEquals("the same canonical bytes", bobsBet,
                engine.encodeOperation(engine.parseOperation("bet bob field 5")));
        Transition resumed = agree(engine, "bob", "bet bob field 5");
        assertEquals(before.hash(), resumed.from);
        assertEquals(2, engine.current().version());
        assertTrue(factory.close("it-restart"));
    }

    @Test
    public void theShellListsTheGamesAndShowsAGamesStateAndOpenProposals() throws Exception {
        GameEngine<Object, Object> engine = open("it-shell");
        agree(engine, "alice", "bet alice hard_8 10");
        // carol proposes a bet and nobody has voted for it yet: it is open
        ProposalState open = engine.submit(propose(engine, "carol",
                engine.encodeOperation(engine.parseOperation("bet carol field 15"))));
        assertEquals(ProposalStatus.OPEN, open.status());
        try {
            String list = shell(context, "game:list");
            assertTrue(list, list.startsWith("GAME "));
            assertTrue(list, list.matches("(?s).*\\nit-shell +craps +bound +1 +" + engine.current().hash().shortHex()
                    + " +1 \\[alice, bob, carol\\]\\R.*"));

            String state = shell(context, "game:state it-shell");
            assertTrue(state, state.startsWith("game it-shell (craps)\nversion 1, hash " + engine.current().hash() + "\n"));
            assertTrue(state, state.contains("\n  alice: 990 chips, 10 on the table, exposure 90\n"));
            assertTrue(state, state.contains("\n  bet alice HARD_8 10\n"));
            assertTrue(state, state.contains("proposals: open 1, committed 1, rejected 0, stale 0, expired 0"));

            String proposals = shell(context, "game:proposals it-shell");
            assertTrue(proposals, proposals.matches("(?s).*\\n" + open.id().shortHex()
                    + " +carol +OPEN +1/2 +0/2 +\\d+ +bet carol FIELD 15\\R.*"));

            String unknown = shell(context, "game:state no-such-game");
            assertTrue(unknown, unknown.matches("no game 'no-such-game' is open; open games: \\[[^\\n]*it-shell[^\\n]*\\]"));
        } finally {
            factory.close("it-shell");
        }
    }
    /** @return {@code thrown} or its first cause of that type: Gogo may wrap what a command throws */
    private static <T extends Throwable> T cause(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + thrown, thrown);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
