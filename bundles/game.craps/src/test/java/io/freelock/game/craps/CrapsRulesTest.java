package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.testkit.Players;

class CrapsRulesTest {

    private final CrapsRules rules = new CrapsRules();

    static GameSpec spec(Map<String, String> options, String... players) {
        return new GameSpec("table-1", CrapsRules.GAME_TYPE, Players.withKeys(players).participants(), options);
    }

    private CrapsState start(String... players) {
        return rules.initialState(spec(Map.of(), players));
    }

    private CrapsState bet(CrapsState s, String player, BetKind kind, long amount) {
        return rules.apply(s, new CrapsOperation.PlaceBet(player, kind, amount));
    }

    @Test
    void aTableSeatsThePlayersInOrderWithTheStartingChips() {
        CrapsState s = rules.initialState(spec(Map.of("chips", "500", "house", "9000"), "alice", "bob"));
        assertEquals(List.of("alice", "bob"), s.seats().stream().map(Seat::player).toList());
        assertEquals(500, s.balanceOf("bob"));
        assertEquals(9_000, s.house());
        assertEquals(10_000, s.totalChips());
        assertEquals(Phase.COME_OUT, s.phase());
        assertEquals(0, s.shooter());
        assertEquals(1, s.round());
        RefusedException refused = assertThrows(RefusedException.class,
                () -> rules.initialState(spec(Map.of("chips", "lots"), "alice")));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, refused.reason());
    }

    @Test
    void aComeOutPointNumberSetsThePointAndMakingItEndsThePhaseWithTheSameShooter() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.PASS_LINE, 10);
        s = Fixtures.roll(rules, s, new Roll(2, 4));
        assertEquals(Phase.POINT, s.phase());
        assertEquals(6, s.point());
        assertEquals(DiceStep.COMMITTING, s.step());
        s = Fixtures.roll(rules, s, new Roll(1, 5));
        assertEquals(Phase.COME_OUT, s.phase());
        assertEquals(0, s.point());
        assertEquals(0, s.shooter(), "the shooter who made the point keeps the dice");
        assertEquals(1_010, s.balanceOf("alice"));
        assertEquals(2, s.rolls());
        assertEquals(3, s.round());
    }

    @Test
    void aSevenOutPassesTheDiceToTheNextSeat() {
        CrapsState s = bet(start("alice", "bob", "carol"), "alice", BetKind.PASS_LINE, 10);
        s = Fixtures.roll(rules, s, new Roll(4, 4));
        s = Fixtures.roll(rules, s, new Roll(3, 4));
        assertEquals(Phase.COME_OUT, s.phase());
        assertEquals(1, s.shooter());
        assertEquals(990, s.balanceOf("alice"));
    }

    @Test
    void aComeOutSevenKeepsTheComeOutPhaseAndTheShooter() {
        CrapsState s = bet(start("alice", "bob"), "bob", BetKind.DONT_PASS, 10);
        s = Fixtures.roll(rules, s, new Roll(3, 4));
        assertEquals(Phase.COME_OUT, s.phase());
        assertEquals(0, s.shooter());
        assertEquals(990, s.balanceOf("bob"));
    }

    @Test
    void theRevealStepOpensWhenEverySeatTakingPartHasCommittedBetOrNot() {
        CrapsState s = bet(start("alice", "bob", "carol"), "alice", BetKind.FIELD, 10);
        s = bet(s, "bob", BetKind.FIELD, 10);
        s = rules.apply(s, Fixtures.commit(s, "alice"));
        s = rules.apply(s, Fixtures.commit(s, "bob"));
        assertEquals(DiceStep.COMMITTING, s.step(), "carol has no bet, but she takes part and has not committed");
        s = rules.apply(s, Fixtures.commit(s, "carol"));
        assertEquals(DiceStep.REVEALING, s.step());
        assertEquals(750, s.seats().get(2).balance(), "carol posted the bond");
        CrapsState revealing = s;
        s = rules.apply(s, Fixtures.reveal(revealing, "alice"));
        s = rules.apply(s, Fixtures.reveal(revealing, "bob"));
        assertEquals(0, s.rolls());
        s = rules.apply(s, Fixtures.reveal(revealing, "carol"));
        assertEquals(1, s.rolls(), "the last reveal rolls");
        assertEquals(Dice.roll(List.of(Fixtures.nonce("alice", 1, 0), Fixtures.nonce("bob", 1, 0),
                Fixtures.nonce("carol", 1, 0))), s.lastRoll().orElseThrow(), "the roll comes from every reveal");
        assertEquals(1_000, s.balanceOf("carol"), "the bond came back");
        assertTrue(s.seats().stream().allMatch(seat -> seat.escrow() == 0 && seat.commitment() == null));
    }

    @Test
    void aSeatThatCannotPostTheBondSitsOutAndIsNotWaitedFor() {
        CrapsState s = rules.initialState(spec(Map.of("chips", "300", "bond", "250"), "alice", "bob"));
        s = bet(s, "alice", BetKind.FIELD, 50);
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 1));
        s = Fixtures.roll(rules, s, new Roll(3, 4)); // the Field loses: alice is left with 250, bob with 300
        assertEquals(250, s.balanceOf("alice"));
        assertTrue(s.takesPart(0), "250 in hand still covers the bond");
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 1));
        CrapsState poor = rules.initialState(spec(Map.of("chips", "100", "bond", "250"), "alice", "bob"));
        assertFalse(poor.takesPart(0));
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, poor, Fixtures.commit(poor, "alice"));
        RefusedException noBond = assertThrows(RefusedException.class,
                () -> rules.initialState(spec(Map.of("bond", "0"), "alice")));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, noBond.reason());
    }

    @Test
    void theExposureOfAllBetsOnTheTableIsLimitedToTheBond() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.HARD_8, 20); // exposure 180 of 250
        s = bet(s, "bob", BetKind.FIELD, 35); // 70 more: 250
        assertEquals(250, s.exposure());
        assertRefused(RefusalReason.ILLEGAL_OPERATION, s, new CrapsOperation.PlaceBet("bob", BetKind.PASS_LINE, 1));
    }

    @Test
    void aCommitClosesOnlyTheCommittersOwnBets() {
        CrapsState s = start("alice", "bob");
        s = rules.apply(s, Fixtures.commit(s, "alice"));
        assertRefused(RefusalReason.WRONG_PHASE, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 10));
        s = bet(s, "bob", BetKind.FIELD, 10);
        assertEquals(10, s.stakeOf(1), "bob still bets: alice's commit closed nobody's bets but hers");
    }

    // ---- voided rounds ----

    @Test
    void aWithheldRevealVoidsTheRoundTheWithholderForfeitsBondAndBetsTheOthersGetTheirsBack() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.FIELD, 10);
        s = bet(s, "bob", BetKind.FIELD, 20);
        s = bet(s, "bob", BetKind.ANY_SEVEN, 5);
        long total = s.totalChips();
        long house = s.house();
        s = rules.apply(s, Fixtures.commit(s, "alice"));
        s = rules.apply(s, Fixtures.commit(s, "bob"));
        s = rules.apply(s, Fixtures.reveal(s, "alice"));
        s = rules.apply(s, new CrapsOperation.CloseWindow(1));
        assertEquals(0, s.rolls(), "no roll from some of the nonces");
        assertTrue(s.lastRoll().isEmpty());
        assertEquals(1_000, s.balanceOf("alice"), "alice revealed: her bond and her bet come back unsettled");
        assertEquals(1_000 - 25 - 250, s.balanceOf("bob"), "bob withheld: his bets and his bond are forfeit");
        assertEquals(house + 25 + 250, s.house());
        assertTrue(s.bets().isEmpty());
        assertEquals(total, s.totalChips());
        assertEquals(2, s.round());
        assertEquals(DiceStep.COMMITTING, s.step());
    }

    @Test
    void closingTheCommitStepVoidsTheRoundReturnsTheBondsAndLeavesTheBetsUp() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.PASS_LINE, 10);
        s = bet(s, "bob", BetKind.PASS_LINE, 10);
        s = rules.apply(s, Fixtures.commit(s, "alice"));
        long house = s.house();
        s = rules.apply(s, new CrapsOperation.CloseWindow(1));
        assertEquals(DiceStep.COMMITTING, s.step());
        assertEquals(2, s.round());
        assertEquals(0, s.rolls());
        assertEquals(house, s.house(), "nobody forfeits: nobody saw anything");
        assertEquals(990, s.balanceOf("alice"));
        assertEquals(10, s.stakeOf(0));
        assertEquals(10, s.stakeOf(1), "bob did not commit and loses nothing");
    }

    // ---- refusals ----

    @Test
    void aBetAboveTheBalanceIsRefused() {
        CrapsState s = start("alice");
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 1_001));
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 751));
    }

    @Test
    void anUnknownPlayerIsRefused() {
        CrapsState s = start("alice");
        assertRefused(RefusalReason.UNKNOWN_PLAYER, s, new CrapsOperation.PlaceBet("mallory", BetKind.FIELD, 1));
        assertRefused(RefusalReason.UNKNOWN_PLAYER, s,
                new CrapsOperation.CommitDice("mallory", Fixtures.nonce("m", 1, 0)));
    }

    @Test
    void stakesMustBePositiveAndPlaceBetsMultiplesOfSix() {
        CrapsState s = start("alice");
        assertRefused(RefusalReason.INVALID_AMOUNT, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 0));
        assertRefused(RefusalReason.INVALID_AMOUNT, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, -5));
        assertRefused(RefusalReason.INVALID_AMOUNT, s, new CrapsOperation.PlaceBet("alice", BetKind.PLACE_6, 10));
        assertEquals(12, bet(s, "alice", BetKind.PLACE_8, 12).stakeOf(0));
    }

    @Test
    void operationsInTheWrongPhaseAreRefused() {
        CrapsState comeOut = start("alice", "bob");
        assertRefused(RefusalReason.WRONG_PHASE, comeOut, new CrapsOperation.PlaceBet("alice", BetKind.COME, 10));
        assertRefused(RefusalReason.WRONG_PHASE, comeOut,
                new CrapsOperation.RevealDice("alice", Fixtures.nonce("alice", 1, 0)));
        CrapsState point = Fixtures.roll(rules, bet(comeOut, "alice", BetKind.PASS_LINE, 10), new Roll(2, 3));
        assertRefused(RefusalReason.WRONG_PHASE, point, new CrapsOperation.PlaceBet("bob", BetKind.PASS_LINE, 10));
        assertRefused(RefusalReason.WRONG_PHASE, point, new CrapsOperation.PlaceBet("bob", BetKind.DONT_PASS, 10));
        CrapsState revealing = rules.apply(rules.apply(point, Fixtures.commit(point, "alice")),
                Fixtures.commit(point, "bob"));
        assertEquals(DiceStep.REVEALING, revealing.step());
        assertRefused(RefusalReason.WRONG_PHASE, revealing, new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 10));
        assertRefused(RefusalReason.WRONG_PHASE, revealing,
                new CrapsOperation.CommitDice("bob", Fixtures.nonce("bob", 2, 0)));
    }

    @Test
    void aRevealThatDoesNotMatchTheCommitmentIsRefused() {
        CrapsState s = bet(start("alice"), "alice", BetKind.FIELD, 10);
        s = rules.apply(s, Fixtures.commit(s, "alice"));
        assertRefused(RefusalReason.COMMITMENT_MISMATCH, s,
                new CrapsOperation.RevealDice("alice", Fixtures.nonce("alice", 1, 1)));
    }

    @Test
    void aCommitmentForAnotherRoundDoesNotOpenThisOne() {
        CrapsState s = bet(start("alice"), "alice", BetKind.FIELD, 10);
        Bytes32 nonce = Fixtures.nonce("alice", 1, 0);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(s.table(), 7, "alice", nonce)));
        assertRefused(RefusalReason.COMMITMENT_MISMATCH, s, new CrapsOperation.RevealDice("alice", nonce));
    }

    @Test
    void everySeatCommitsOnceAndAStepIsClosedOnlyInItsRoundAndOnlyOnceSomeoneCommitted() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.FIELD, 10);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Fixtures.nonce("x", 1, 0)));
        assertRefused(RefusalReason.ILLEGAL_OPERATION, s,
                new CrapsOperation.CommitDice("alice", Fixtures.nonce("y", 1, 0)));
        assertRefused(RefusalReason.ILLEGAL_OPERATION, s, new CrapsOperation.CloseWindow(2));
        assertRefused(RefusalReason.ILLEGAL_OPERATION, start("alice"), new CrapsOperation.CloseWindow(1));
    }

    private void assertRefused(RefusalReason reason, CrapsState state, CrapsOperation operation) {
        byte[] before = rules.encodeState(state);
        RefusedException refused = assertThrows(RefusedException.class, () -> rules.apply(state, operation));
        assertEquals(reason, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(reason.name() + ": "), refused.getMessage());
        assertArrayEquals(before, rules.encodeState(state), "a refusal leaves the state as it was");
    }
}
