package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

class CrapsRulesTest {

    private final CrapsRules rules = new CrapsRules();

    static GameSpec spec(Map<String, String> options, String... players) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            List<Participant> participants = new ArrayList<>();
            for (String p : players) {
                participants.add(new Participant(p, generator.generateKeyPair().getPublic()));
            }
            return new GameSpec("table-1", CrapsRules.GAME_TYPE, participants, options);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
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
    void theRevealStepOpensWhenEveryPlayerWithABetHasCommitted() {
        CrapsState s = bet(start("alice", "bob", "carol"), "alice", BetKind.FIELD, 10);
        s = bet(s, "bob", BetKind.FIELD, 10);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(Fixtures.nonce("alice", 1, 0), 1)));
        assertEquals(DiceStep.COMMITTING, s.step(), "bob has a bet and has not committed");
        s = rules.apply(s, new CrapsOperation.CommitDice("bob", Dice.commitment(Fixtures.nonce("bob", 1, 0), 1)));
        assertEquals(DiceStep.REVEALING, s.step(), "carol has no bet, so she is not waited for");
        s = rules.apply(s, new CrapsOperation.RevealDice("alice", Fixtures.nonce("alice", 1, 0)));
        assertEquals(0, s.rolls());
        s = rules.apply(s, new CrapsOperation.RevealDice("bob", Fixtures.nonce("bob", 1, 0)));
        assertEquals(1, s.rolls(), "the last reveal rolls");
        assertEquals(Dice.roll(1, List.of(Fixtures.nonce("alice", 1, 0), Fixtures.nonce("bob", 1, 0))),
                s.lastRoll().orElseThrow(), "the roll comes from the reveals in seat order");
    }

    // ---- forfeits ----

    @Test
    void aPlayerWhoDoesNotRevealForfeitsItsBetsAndTheOthersRollDecides() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.FIELD, 10);
        s = bet(s, "bob", BetKind.FIELD, 20);
        s = bet(s, "bob", BetKind.ANY_SEVEN, 5);
        long total = s.totalChips();
        long house = s.house();
        Bytes32 aliceNonce = Fixtures.nonce("alice", 1, 0);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(aliceNonce, 1)));
        s = rules.apply(s, new CrapsOperation.CommitDice("bob", Dice.commitment(Fixtures.nonce("bob", 1, 0), 1)));
        s = rules.apply(s, new CrapsOperation.RevealDice("alice", aliceNonce));
        s = rules.apply(s, new CrapsOperation.CloseWindow(1));
        Roll roll = Dice.roll(1, List.of(aliceNonce));
        assertEquals(roll, s.lastRoll().orElseThrow(), "rolled from the reveals that were made");
        assertEquals(0, s.stakeOf(1), "bob's bets went to the house");
        assertEquals(975, s.balanceOf("bob"));
        long aliceWon = s.balanceOf("alice") - 990;
        assertEquals(house + 25 + (10 - aliceWon), s.house());
        assertEquals(total, s.totalChips());
        assertEquals(2, s.round());
    }

    @Test
    void whenNobodyRevealsTheRoundIsVoidAndEveryCommitterForfeits() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.PASS_LINE, 10);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(Fixtures.nonce("alice", 1, 0), 1)));
        long house = s.house();
        s = rules.apply(s, new CrapsOperation.CloseWindow(1));
        assertEquals(0, s.rolls());
        assertTrue(s.lastRoll().isEmpty());
        assertEquals(2, s.round());
        assertEquals(DiceStep.COMMITTING, s.step());
        assertEquals(house + 10, s.house());
        assertEquals(990, s.balanceOf("alice"));
        assertTrue(s.seats().stream().allMatch(seat -> seat.commitment() == null));
    }

    @Test
    void closingTheCommitStepLetsThoseWhoCommittedRollAndTheOthersSitOut() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.PASS_LINE, 10);
        s = bet(s, "bob", BetKind.PASS_LINE, 10);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(Fixtures.nonce("alice", 1, 0), 1)));
        s = rules.apply(s, new CrapsOperation.CloseWindow(1));
        assertEquals(DiceStep.REVEALING, s.step());
        assertEquals(10, s.stakeOf(1), "bob sat out without penalty");
        s = rules.apply(s, new CrapsOperation.RevealDice("alice", Fixtures.nonce("alice", 1, 0)));
        assertEquals(1, s.rolls());
    }

    // ---- refusals ----

    @Test
    void aBetAboveTheBalanceIsRefused() {
        CrapsState s = start("alice");
        assertRefused(RefusalReason.BET_ABOVE_BALANCE, s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 1_001));
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
        CrapsState revealing = rules.apply(point,
                new CrapsOperation.CommitDice("alice", Dice.commitment(Fixtures.nonce("alice", 2, 0), 2)));
        assertEquals(DiceStep.REVEALING, revealing.step());
        assertRefused(RefusalReason.WRONG_PHASE, revealing, new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 10));
        assertRefused(RefusalReason.WRONG_PHASE, revealing,
                new CrapsOperation.CommitDice("bob", Fixtures.nonce("bob", 2, 0)));
    }

    @Test
    void aRevealThatDoesNotMatchTheCommitmentIsRefused() {
        CrapsState s = bet(start("alice"), "alice", BetKind.FIELD, 10);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(Fixtures.nonce("alice", 1, 0), 1)));
        assertRefused(RefusalReason.COMMITMENT_MISMATCH, s,
                new CrapsOperation.RevealDice("alice", Fixtures.nonce("alice", 1, 1)));
    }

    @Test
    void aCommitmentForAnotherRoundDoesNotOpenThisOne() {
        CrapsState s = bet(start("alice"), "alice", BetKind.FIELD, 10);
        Bytes32 nonce = Fixtures.nonce("alice", 1, 0);
        s = rules.apply(s, new CrapsOperation.CommitDice("alice", Dice.commitment(nonce, 7)));
        assertRefused(RefusalReason.COMMITMENT_MISMATCH, s, new CrapsOperation.RevealDice("alice", nonce));
    }

    @Test
    void onlyPlayersWithABetCommitAndOnlyOnce() {
        CrapsState s = bet(start("alice", "bob"), "alice", BetKind.FIELD, 10);
        assertRefused(RefusalReason.ILLEGAL_OPERATION, s,
                new CrapsOperation.CommitDice("bob", Fixtures.nonce("bob", 1, 0)));
        s = bet(s, "bob", BetKind.FIELD, 10);
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
