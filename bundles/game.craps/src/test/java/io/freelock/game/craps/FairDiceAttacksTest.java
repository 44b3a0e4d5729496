package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * The dice attacks of issue 13 (1, 3, 4 and 10), each played against the rules as the attacker would, with the
 * refusal or the outcome that defeats it. Each of them succeeded against the rules before the fair-dice change.
 */
class FairDiceAttacksTest {

    private final CrapsRules rules = new CrapsRules();

    private CrapsState start(String... players) {
        return rules.initialState(CrapsRulesTest.spec(Map.of(), players));
    }

    /**
     * Attack 1: alice bets, commits first and so closed betting for everyone, then revealed alone a nonce she had
     * searched offline. Now her commit closes only her own bets, bob still bets, and her reveal is refused
     * {@link RefusalReason#WRONG_PHASE} until bob and carol, who have no bet, have committed as well.
     */
    @Test
    void attack1ALoneBettorWhoCommitsFirstClosesNobodysBetsAndCannotRevealAlone() {
        CrapsState s = rules.apply(start("alice", "bob", "carol"),
                new CrapsOperation.PlaceBet("alice", BetKind.ANY_SEVEN, 50));
        Bytes32 searched = Fixtures.nonceRolling(new Roll(3, 4), s.round(), List.of(), "alice");
        s = rules.apply(s, Fixtures.commit(s, "alice", searched));
        assertEquals(DiceStep.COMMITTING, s.step(), "bob and carol take part, bet or not, and have not committed");
        s = rules.apply(s, new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 10));
        assertEquals(10, s.stakeOf(1), "alice's commit did not close bob's bets");
        CrapsState early = s;
        RefusedException refused = assertThrows(RefusedException.class,
                () -> rules.apply(early, new CrapsOperation.RevealDice("alice", searched)));
        assertEquals(RefusalReason.WRONG_PHASE, refused.reason(), refused.getMessage());
    }

    /**
     * Attack 1, second half: carol bet but did not commit, and her bet was settled by a roll alice and bob chose
     * after the commit window was closed. Now closing the commit step voids the round: no reveal is taken
     * ({@link RefusalReason#WRONG_PHASE}), nothing is rolled, carol's bet waits for the next round.
     */
    @Test
    void attack1ABettorWhoDidNotCommitIsNeverSettledByARollOthersChose() {
        CrapsState s = start("alice", "bob", "carol");
        s = rules.apply(s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 10));
        s = rules.apply(s, new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 10));
        s = rules.apply(s, new CrapsOperation.PlaceBet("carol", BetKind.ANY_SEVEN, 20));
        CrapsState betting = s;
        s = rules.apply(s, Fixtures.commit(betting, "alice"));
        s = rules.apply(s, Fixtures.commit(betting, "bob"));
        s = rules.apply(s, new CrapsOperation.CloseWindow(1)); // carol is slow to commit
        CrapsState closed = s;
        RefusedException refused = assertThrows(RefusedException.class,
                () -> rules.apply(closed, Fixtures.reveal(betting, "alice")));
        assertEquals(RefusalReason.WRONG_PHASE, refused.reason(), refused.getMessage());
        assertEquals(0, s.rolls());
        assertEquals(20, s.stakeOf(2), "carol's bet is neither won nor lost");
        assertEquals(1_000, Fixtures.owned(s, 2));
    }

    /**
     * Attack 3: with carol's reveal outstanding, alice and bob (two thirds, a quorum) closed the reveal window and
     * the dice were rolled from their two nonces, which they had chosen together. Now a close can only void the
     * round: no roll at all, and alice and bob end the round with exactly the chips they began it with. Carol's
     * late reveal is refused {@link RefusalReason#WRONG_PHASE}; the rules cannot tell a slow reveal from a
     * withheld one, so she forfeits her bond (to the house, not to them; see the README on censorship).
     */
    @Test
    void attack3TwoOfThreeClosingTheRevealWindowCannotRollFromTheirOwnNonces() {
        SignedCrapsGame table = new SignedCrapsGame("attack-3", "alice", "bob", "carol");
        for (String p : List.of("alice", "bob", "carol")) {
            table.agree(p, new CrapsOperation.PlaceBet(p, BetKind.FIELD, 10));
        }
        CrapsState betting = table.engine.current().state();
        Bytes32 aliceNonce = Fixtures.nonce("alice", 1, 0);
        Bytes32 bobNonce = Fixtures.nonceRolling(new Roll(5, 2), 1, List.of(aliceNonce), "bob");
        table.agree("alice", Fixtures.commit(betting, "alice", aliceNonce));
        table.agree("bob", Fixtures.commit(betting, "bob", bobNonce));
        table.agree("carol", Fixtures.commit(betting, "carol"));
        table.agree("alice", new CrapsOperation.RevealDice("alice", aliceNonce));
        table.agree("bob", new CrapsOperation.RevealDice("bob", bobNonce));
        CrapsState before = table.engine.current().state();

        // alice proposes the close and bob votes for it: two of three commit it without carol
        assertEquals(ProposalStatus.COMMITTED, table.agree("alice", new CrapsOperation.CloseWindow(1)).status());
        CrapsState after = table.engine.current().state();
        assertEquals(0, after.rolls(), "no roll from some of the nonces");
        assertTrue(after.lastRoll().isEmpty());
        assertEquals(Fixtures.owned(before, 0), Fixtures.owned(after, 0), "alice neither wins nor loses");
        assertEquals(Fixtures.owned(before, 1), Fixtures.owned(after, 1), "bob neither wins nor loses");
        RefusedException refused = assertThrows(RefusedException.class,
                () -> table.engine.apply(Fixtures.reveal(betting, "carol")));
        assertEquals(RefusalReason.WRONG_PHASE, refused.reason(), refused.getMessage());
    }

    /**
     * Attack 4: bob sits beside alice's Pass Line bet and reveals last; when the come-out roll would not be a 7 or
     * an 11 he withholds. That used to cost him his 1-chip stake and reroll the dice from the others' nonces,
     * taking alice's chance of a natural from 0.22 to 0.40. Now his withholding voids the round and costs him his
     * bond and his bets, while alice gets at most her stake back: over every honest nonce carol might reveal, the
     * pair ends with fewer chips than by revealing, never more.
     */
    @Test
    void attack4APartnerWhoWithholdsToRerollLosesMoreThanThePairCanGain() {
        CrapsState s = start("alice", "bob", "carol");
        s = rules.apply(s, new CrapsOperation.PlaceBet("alice", BetKind.PASS_LINE, 100));
        s = rules.apply(s, new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 1));
        s = rules.apply(s, new CrapsOperation.PlaceBet("carol", BetKind.FIELD, 10));
        CrapsState betting = s;
        long pairBefore = Fixtures.owned(betting, 0) + Fixtures.owned(betting, 1);
        int tries = 2_000;
        long honestTotal = 0;
        long withholdingTotal = 0;
        int naturalsWhenRevealing = 0;
        for (int salt = 0; salt < tries; salt++) {
            Bytes32 carol = Fixtures.nonce("carol", 1, salt);
            CrapsState r = rules.apply(betting, Fixtures.commit(betting, "alice"));
            r = rules.apply(r, Fixtures.commit(betting, "bob"));
            r = rules.apply(r, Fixtures.commit(betting, "carol", carol));
            r = rules.apply(r, new CrapsOperation.RevealDice("carol", carol));
            r = rules.apply(r, Fixtures.reveal(betting, "alice"));
            CrapsState revealed = rules.apply(r, Fixtures.reveal(betting, "bob"));
            int total = revealed.lastRoll().orElseThrow().total();
            boolean natural = total == 7 || total == 11;
            naturalsWhenRevealing += natural ? 1 : 0;
            // bob knows the roll before he reveals: the nonces of alice and carol are out, his is his own
            CrapsState withheld = natural ? revealed : rules.apply(r, new CrapsOperation.CloseWindow(1));
            long pairHonest = Fixtures.owned(revealed, 0) + Fixtures.owned(revealed, 1);
            long pairWithholding = Fixtures.owned(withheld, 0) + Fixtures.owned(withheld, 1);
            assertTrue(pairWithholding <= pairHonest, "withholding paid the pair on carol's nonce " + salt + ": "
                    + pairWithholding + " against " + pairHonest);
            honestTotal += pairHonest - pairBefore;
            withholdingTotal += pairWithholding - pairBefore;
        }
        double naturals = naturalsWhenRevealing / (double) tries;
        assertTrue(Math.abs(naturals - 8.0 / 36) < 0.03, "a natural comes out " + naturals + " of the time");
        assertTrue(withholdingTotal < honestTotal, "the pair's expected chips: " + withholdingTotal / (double) tries
                + " withholding, " + honestTotal / (double) tries + " revealing");
    }

    /**
     * Attack 10: bob committed alice's commitment and then revealed her nonce, and both were accepted (and in an
     * XOR of nonces two equal ones would cancel). Now a commitment names the game instance, the round and the
     * player: bob's copy does not open with alice's nonce, and a commitment made in another instance of the same
     * game id does not open in this one, both refused {@link RefusalReason#COMMITMENT_MISMATCH}.
     */
    @Test
    void attack10ACommitmentOpensOnlyForItsPlayerRoundAndGameInstance() {
        CrapsState s = start("alice", "bob", "carol");
        s = rules.apply(s, new CrapsOperation.PlaceBet("alice", BetKind.FIELD, 10));
        s = rules.apply(s, new CrapsOperation.PlaceBet("bob", BetKind.FIELD, 10));
        s = rules.apply(s, new CrapsOperation.PlaceBet("carol", BetKind.FIELD, 10));
        CrapsOperation.CommitDice alices = Fixtures.commit(s, "alice");
        s = rules.apply(s, alices);
        s = rules.apply(s, new CrapsOperation.CommitDice("bob", alices.commitment())); // a copy: harmless, see below
        s = rules.apply(s, Fixtures.commit(s, "carol"));
        s = rules.apply(s, Fixtures.reveal(s, "alice"));
        CrapsState revealing = s;
        RefusedException copied = assertThrows(RefusedException.class,
                () -> rules.apply(revealing, new CrapsOperation.RevealDice("bob", Fixtures.nonce("alice", 1, 0))));
        assertEquals(RefusalReason.COMMITMENT_MISMATCH, copied.reason(), copied.getMessage());

        GameSpec spec = CrapsRulesTest.spec(Map.of(), "alice", "bob");
        CrapsState one = rules.initialState(spec.withInstance("1".repeat(64)));
        CrapsState two = rules.initialState(spec.withInstance("2".repeat(64)));
        CrapsState committed = rules.apply(rules.apply(two, Fixtures.commit(one, "alice")), Fixtures.commit(two, "bob"));
        RefusedException otherInstance = assertThrows(RefusedException.class,
                () -> rules.apply(committed, Fixtures.reveal(committed, "alice")));
        assertEquals(RefusalReason.COMMITMENT_MISMATCH, otherInstance.reason(), otherInstance.getMessage());
    }
}
