package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;

/** Craps played through the engine, as a host plays it: signed proposals, votes, and the rules coming and going. */
class CrapsEngineTest {

    private final SignedCrapsGame table = new SignedCrapsGame("table-1", "alice", "bob", "carol");

    @Test
    void aRoundPlayedByProposalsAndVotesSettlesAndKeepsEveryChip() {
        long total = table.engine.current().state().totalChips();
        String[] players = {"alice", "bob", "carol"};
        BetKind[] kinds = {BetKind.PASS_LINE, BetKind.FIELD, BetKind.ANY_SEVEN};
        for (int i = 0; i < players.length; i++) {
            assertEquals(ProposalStatus.COMMITTED,
                    table.agree(players[i], new CrapsOperation.PlaceBet(players[i], kinds[i], 10)).status());
        }
        CrapsState betting = table.engine.current().state();
        long round = betting.round();
        for (String p : players) {
            assertEquals(ProposalStatus.COMMITTED, table.agree(p, Fixtures.commit(betting, p)).status());
        }
        assertEquals(DiceStep.REVEALING, table.engine.current().state().step());
        for (String p : players) {
            table.agree(p, new CrapsOperation.RevealDice(p, Fixtures.nonce(p, round, 0)));
        }
        CrapsState after = table.engine.current().state();
        assertEquals(1, after.rolls(), "the last reveal rolled the dice");
        assertEquals(round + 1, after.round());
        assertEquals(total, after.totalChips());
        assertEquals(9, table.engine.current().version(), "nine operations, nine versions");
        assertEquals(9, table.engine.stats().proposalsCommitted());
        assertFalse(after.bets().stream().anyMatch(b -> b.kind() == BetKind.FIELD || b.kind() == BetKind.ANY_SEVEN),
                "one-roll bets are settled");
    }

    @Test
    void aPlayerCannotProposeAnotherPlayersBet() {
        RefusedException refused = assertThrows(RefusedException.class, () -> table.engine.submit(
                table.propose("bob", new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 10))));
        assertEquals(RefusalReason.NOT_THE_ACTOR, refused.reason());
        assertTrue(table.engine.proposals().isEmpty());
    }

    @Test
    void badOperationsAreRefusedByReasonAndTheEngineStateDoesNotMove() {
        Snapshot<CrapsState> before = table.engine.current();
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 5_000));
        assertRefused(RefusalReason.UNKNOWN_PLAYER, new CrapsOperation.PlaceBet("mallory", BetKind.FIELD, 5));
        assertRefused(RefusalReason.WRONG_PHASE, new CrapsOperation.PlaceBet("alice", BetKind.COME, 5));
        assertRefused(RefusalReason.WRONG_PHASE, new CrapsOperation.RevealDice("alice", Fixtures.nonce("a", 1, 0)));
        assertSame(before, table.engine.current());
        RefusedException proposed = assertThrows(RefusedException.class, () -> table.engine.submit(
                table.propose("alice", new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 5_000))));
        assertEquals(RefusalReason.BET_ABOVE_BALANCE, proposed.reason(), "a proposal is refused as the operation is");
        assertSame(before, table.engine.current());
        assertEquals(5, table.engine.stats().refusedOperations());
    }

    @Test
    void theTableClosesAStalledRevealByVoteTheRoundIsVoidAndTheLatePlayerForfeits() {
        table.agree("alice", new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 10));
        table.agree("bob", new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 30));
        CrapsState betting = table.engine.current().state();
        for (String p : List.of("alice", "bob", "carol")) {
            table.agree(p, Fixtures.commit(betting, p));
        }
        table.agree("alice", Fixtures.reveal(betting, "alice"));
        table.agree("carol", Fixtures.reveal(betting, "carol"));
        // bob never reveals; carol's clock says the window is over, and two of three agree
        assertEquals(ProposalStatus.COMMITTED, table.agree("carol", new CrapsOperation.CloseWindow(1)).status());
        CrapsState after = table.engine.current().state();
        assertEquals(1_000 - 30 - CrapsRules.DEFAULT_BOND, after.balanceOf("bob"), "bob's bet and bond are forfeit");
        assertEquals(1_000, after.balanceOf("alice"), "alice's bet comes back unsettled");
        assertEquals(0, after.rolls(), "the close voids the round: no roll from some of the nonces");
    }

    @Test
    void stoppingAndStartingTheGameBundleIsReportedAndSurvived() {
        table.engine.apply(new CrapsOperation.PlaceBet("alice", BetKind.PASS_LINE, 50));
        Snapshot<CrapsState> before = table.engine.current();

        table.factory.removeRules(table.rules, Map.of());
        RulesUnavailableException absent = assertThrows(RulesUnavailableException.class,
                () -> table.engine.apply(new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 5)));
        assertEquals("table-1", absent.gameId());
        assertTrue(absent.getMessage().contains("game.type=craps"), absent.getMessage());
        assertSame(before, table.engine.current());

        table.factory.addRules(new CrapsRules(), Map.of("game.type", CrapsRules.GAME_TYPE));
        Snapshot<CrapsState> resumed = table.engine.current();
        assertEquals(before.hash(), resumed.hash());
        assertEquals(950, resumed.state().balanceOf("alice"));
        assertEquals(List.of(new Bet(0, BetKind.PASS_LINE, 50, 0)), resumed.state().bets());
        assertEquals(2, table.engine.apply(new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 5)).version());
    }

    @Test
    void aHostWithoutTheseClassesDrivesTheGameByText() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        io.freelock.consensus.GameEngine<Object, Object> untyped = (io.freelock.consensus.GameEngine) table.engine;
        untyped.apply(untyped.parseOperation("bet carol hard8 10"));
        assertEquals(990, table.engine.current().state().balanceOf("carol"));
        assertTrue(untyped.describeState(untyped.current().state()).contains("bet carol HARD_8 10"));
    }

    private void assertRefused(RefusalReason reason, CrapsOperation operation) {
        RefusedException refused = assertThrows(RefusedException.class, () -> table.engine.apply(operation));
        assertEquals(reason, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(reason.name()), refused.getMessage());
    }
}
