package io.freelock.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdsAndFiguresTest {

    @Test
    void commitNeedsTwoThirdsRoundedUpAndRejectMoreThanAThird() {
        for (int n = 1; n <= 40; n++) {
            int commit = ProposalState.votesToCommit(n);
            int reject = ProposalState.votesToReject(n);
            assertEquals((int) Math.ceil(2.0 * n / 3), commit, "commit threshold of " + n);
            assertTrue(reject * 3 > n && (reject - 1) * 3 <= n, "reject threshold of " + n + ": " + reject);
            assertEquals(n + 1, commit + reject, "both thresholds can never be met at once, for " + n);
        }
        assertEquals(3, ProposalState.votesToCommit(4));
        assertEquals(2, ProposalState.votesToReject(4));
    }

    @Test
    void aRefusalsMessageStartsWithItsReason() {
        RefusedException refused = new RefusedException(RefusalReason.BET_ABOVE_BALANCE, "alice bets 5 with 1");
        assertEquals("BET_ABOVE_BALANCE: alice bets 5 with 1", refused.getMessage());
        assertEquals("alice bets 5 with 1", refused.detail());
        RulesUnavailableException absent = new RulesUnavailableException("t1", "craps", "none is registered");
        assertEquals(RefusalReason.RULES_UNAVAILABLE, absent.reason());
        assertEquals("RULES_UNAVAILABLE: game 't1' needs a StateMachine service with game.type=craps; none is registered",
                absent.getMessage());
    }

    @Test
    void percentilesAreReadFromTheBuckets() {
        HistogramSnapshot h = new HistogramSnapshot(new long[] {10, 20, 30}, new long[] {50, 40, 10}, 1_500, 5, 28);
        assertEquals(100, h.count());
        assertEquals(15.0, h.mean());
        assertEquals(5, h.valueAtPercentile(0));
        assertEquals(10, h.valueAtPercentile(50));
        assertEquals(20, h.valueAtPercentile(51));
        assertEquals(20, h.valueAtPercentile(90));
        assertEquals(28, h.valueAtPercentile(100), "capped by the largest value seen");
        assertThrows(IllegalArgumentException.class, () -> h.valueAtPercentile(101));
        assertThrows(IllegalArgumentException.class, () -> new HistogramSnapshot(new long[1], new long[2], 0, 0, 0));
        assertEquals(0, HistogramSnapshot.empty().valueAtPercentile(50));
    }
}
