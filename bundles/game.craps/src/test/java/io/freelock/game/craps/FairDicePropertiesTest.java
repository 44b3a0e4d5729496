package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.RefusedException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The fairness of the dice, for whatever the other players do: the roll is uniform over the one honest player's
 * nonce, and withholding a reveal never raises the chips of the withholder or of any coalition it belongs to.
 */
class FairDicePropertiesTest {

    private static final String[] PLAYERS = {"alice", "bob", "carol", "dave"};

    @Provide
    Arbitrary<Bytes32> nonces() {
        Arbitrary<Bytes32> random = Arbitraries.bytes().array(byte[].class).ofSize(Bytes32.LENGTH).map(Bytes32::of);
        // adversaries may pick anything: all zeros, all ones, bytes the dice reject
        return Arbitraries.oneOf(random, Arbitraries.of(Bytes32.of(new byte[32]), Bytes32.fromHex("ff".repeat(32)),
                Bytes32.fromHex("fc".repeat(32))));
    }

    /**
     * Whatever nonces the n−1 others committed (they are fixed before the honest one is revealed), the honest
     * nonce is mapped to the seed by an XOR, a bijection; over its first two bytes, all 65,536 values, with the
     * rest of it fixed, each of the 36 rolls comes from exactly 1,764 of the 252 × 252 seeds whose first two bytes
     * the dice accept, and the other 2,032 go on to later bytes. So the roll is exactly uniform up to the seeds
     * with fewer than two accepted bytes in 32 (about 2^-180).
     */
    @Property(tries = 40, edgeCases = EdgeCasesMode.MIXIN)
    void whateverTheOthersRevealTheRollIsUniformOverTheHonestNonce(
            @ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.From("nonces") Bytes32> others,
            @ForAll("nonces") Bytes32 honestRest, @ForAll @IntRange(min = 0, max = 4) int honestPosition) {
        byte[] othersSeed = Dice.seed(others);
        int[] accepted = new int[37];
        int[] all = new int[37];
        int position = Math.min(honestPosition, others.size());
        for (int first = 0; first < 256; first++) {
            for (int second = 0; second < 256; second++) {
                byte[] honest = honestRest.bytes();
                honest[0] = (byte) first;
                honest[1] = (byte) second;
                List<Bytes32> reveals = new ArrayList<>(others);
                reveals.add(position, Bytes32.of(honest));
                Roll roll = Dice.roll(reveals);
                int outcome = (roll.die1() - 1) * 6 + roll.die2();
                all[outcome]++;
                if (((first ^ othersSeed[0]) & 0xff) < Dice.ACCEPT_BELOW
                        && ((second ^ othersSeed[1]) & 0xff) < Dice.ACCEPT_BELOW) {
                    accepted[outcome]++;
                }
            }
        }
        for (int outcome = 1; outcome <= 36; outcome++) {
            assertEquals(1_764, accepted[outcome], "roll " + outcome + " over the accepted seeds");
            assertTrue(all[outcome] >= 1_764 && all[outcome] <= 1_764 + 2_032, "roll " + outcome + ": " + all[outcome]);
        }
    }

    /** A table after some bets: the players, the bond, the bets (player, kind, amount) and a few rolls played. */
    record Setup(int players, long bond, List<int[]> bets, int rollsBefore, long seed) {
    }

    @Provide
    Arbitrary<Setup> tables() {
        Arbitrary<int[]> bet = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, BetKind.values().length - 1), Arbitraries.integers().between(1, 120))
                .as((p, k, a) -> new int[] {p, k, a});
        return Combinators.combine(Arbitraries.integers().between(2, 4), Arbitraries.longs().between(1, 400),
                bet.list().ofMaxSize(12), Arbitraries.integers().between(0, 3), Arbitraries.longs())
                .as(Setup::new);
    }

    /**
     * Every player but one (the honest one, who reveals first) colludes; the others reveal in turn, see the roll
     * before the last of them reveals, and may then withhold any non-empty set of their reveals, which voids the
     * round. For every honest nonce tried, and so in expectation, the coalition and each of its withholders end
     * with no more chips (in hand, in bond and on the table at face value) than if all had revealed.
     */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void withholdingNeverRaisesTheChipsOfTheWithholderOrOfItsCoalition(@ForAll("tables") Setup setup) {
        CrapsRules rules = new CrapsRules();
        String[] names = java.util.Arrays.copyOf(PLAYERS, setup.players());
        CrapsState s = rules.initialState(CrapsRulesTest.spec(Map.of("bond", Long.toString(setup.bond())), names));
        SplittableRandom random = new SplittableRandom(setup.seed());
        for (int r = 0; r <= setup.rollsBefore(); r++) {
            for (int[] b : setup.bets()) {
                s = tryApply(rules, s, new CrapsOperation.PlaceBet(names[b[0] % names.length],
                        BetKind.values()[b[1]], b[2] * (long) BetKind.values()[b[1]].stakeUnit()));
            }
            if (r < setup.rollsBefore() && !Fixtures.takingPart(s).isEmpty()) {
                s = Fixtures.roll(rules, s, new Roll(1 + random.nextInt(6), 1 + random.nextInt(6)));
            }
        }
        List<Integer> seats = Fixtures.takingPart(s);
        if (seats.size() < 2) {
            return; // nobody to collude with, or nobody to roll
        }
        int honest = seats.get(random.nextInt(seats.size()));
        List<Integer> coalition = seats.stream().filter(i -> i != honest).toList();
        List<Bytes32> coalitionNonces = coalition.stream().map(i -> nonce(random)).toList();
        for (int trial = 0; trial < 12; trial++) {
            Bytes32 honestNonce = nonce(random);
            CrapsState r = s;
            for (int i : seats) {
                Bytes32 n = i == honest ? honestNonce : coalitionNonces.get(coalition.indexOf(i));
                r = rules.apply(r, Fixtures.commit(s, names[i], n));
            }
            r = rules.apply(r, new CrapsOperation.RevealDice(names[honest], honestNonce));
            CrapsState allRevealed = r;
            for (int k = 0; k < coalition.size(); k++) {
                allRevealed = rules.apply(allRevealed,
                        new CrapsOperation.RevealDice(names[coalition.get(k)], coalitionNonces.get(k)));
            }
            // every non-empty set of withholders: the others of the coalition reveal, then the table closes
            for (int mask = 1; mask < 1 << coalition.size(); mask++) {
                CrapsState withheld = r;
                for (int k = 0; k < coalition.size(); k++) {
                    if ((mask & 1 << k) == 0) {
                        withheld = rules.apply(withheld,
                                new CrapsOperation.RevealDice(names[coalition.get(k)], coalitionNonces.get(k)));
                    }
                }
                withheld = rules.apply(withheld, new CrapsOperation.CloseWindow(s.round()));
                assertEquals(s.totalChips(), withheld.totalChips());
                assertTrue(owned(withheld, coalition) <= owned(allRevealed, coalition), "the coalition gained");
                for (int k = 0; k < coalition.size(); k++) {
                    if ((mask & 1 << k) != 0) {
                        List<Integer> one = List.of(coalition.get(k));
                        assertTrue(owned(withheld, one) < owned(allRevealed, one), "a withholder gained");
                    }
                }
            }
        }
    }

    private static CrapsState tryApply(CrapsRules rules, CrapsState s, CrapsOperation operation) {
        try {
            return rules.apply(s, operation);
        } catch (RefusedException refused) {
            return s;
        }
    }

    private static long owned(CrapsState s, List<Integer> seats) {
        return seats.stream().mapToLong(i -> Fixtures.owned(s, i)).sum();
    }

    private static Bytes32 nonce(SplittableRandom random) {
        byte[] b = new byte[Bytes32.LENGTH];
        random.nextBytes(b);
        return Bytes32.of(b);
    }
}
