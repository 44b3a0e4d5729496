package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payout of every bet on the rolls that decide it, and on rolls that leave it standing. */
class SettlementTest {

    @ParameterizedTest(name = "{0} (point {1}, bet on {2}) rolled {3}+{4}: credited {6}, left {7}")
    @CsvSource({
        // kind,   table point, bet point, die1, die2, stake, credited to the player, left on the table
        "PASS_LINE, 0, 0, 3, 4, 10, 20, 0",   // come-out natural 7 pays 1:1
        "PASS_LINE, 0, 0, 5, 6, 10, 20, 0",   // come-out 11
        "PASS_LINE, 0, 0, 1, 1, 10,  0, 0",   // craps 2
        "PASS_LINE, 0, 0, 1, 2, 10,  0, 0",   // craps 3
        "PASS_LINE, 0, 0, 6, 6, 10,  0, 0",   // craps 12
        "PASS_LINE, 0, 0, 2, 4, 10,  0, 10",  // sets the point
        "PASS_LINE, 6, 0, 1, 5, 10, 20, 0",   // point made
        "PASS_LINE, 6, 0, 3, 4, 10,  0, 0",   // seven-out
        "PASS_LINE, 6, 0, 4, 4, 10,  0, 10",  // no decision
        "DONT_PASS, 0, 0, 1, 2, 10, 20, 0",   // come-out 3 wins
        "DONT_PASS, 0, 0, 1, 1, 10, 20, 0",   // come-out 2 wins
        "DONT_PASS, 0, 0, 6, 6, 10, 10, 0",   // bar 12: push
        "DONT_PASS, 0, 0, 3, 4, 10,  0, 0",   // come-out 7 loses
        "DONT_PASS, 0, 0, 5, 6, 10,  0, 0",   // come-out 11 loses
        "DONT_PASS, 6, 0, 3, 4, 10, 20, 0",   // seven-out wins
        "DONT_PASS, 6, 0, 2, 4, 10,  0, 0",   // point made loses
        "COME,      6, 0, 5, 6, 10, 20, 0",   // its come-out: 11 wins
        "COME,      6, 0, 1, 2, 10,  0, 0",   // its come-out: 3 loses
        "COME,      6, 0, 2, 3, 10,  0, 10",  // moves to 5 (checked below)
        "COME,      6, 5, 1, 4, 10, 20, 0",   // its number wins
        "COME,      6, 5, 3, 4, 10,  0, 0",   // 7 loses
        "COME,      0, 5, 2, 3, 10, 20, 0",   // works on the come-out roll too
        "FIELD,     0, 0, 1, 1, 10, 30, 0",   // 2 pays 2:1
        "FIELD,     0, 0, 6, 6, 10, 30, 0",   // 12 pays 2:1
        "FIELD,     0, 0, 4, 5, 10, 20, 0",   // 9 pays 1:1
        "FIELD,     0, 0, 1, 2, 10, 20, 0",   // 3 pays 1:1
        "FIELD,     0, 0, 3, 4, 10,  0, 0",   // 7 loses
        "FIELD,     0, 0, 2, 3, 10,  0, 0",   // 5 loses
        "PLACE_6,   8, 0, 2, 4, 12, 14, 12",  // 7:6, stays up
        "PLACE_6,   8, 0, 3, 4, 12,  0, 0",   // 7 loses
        "PLACE_6,   0, 0, 2, 4, 12,  0, 12",  // off on the come-out
        "PLACE_6,   0, 0, 3, 4, 12,  0, 12",  // off on the come-out: a 7 does not lose it
        "PLACE_8,   6, 0, 3, 5, 18, 21, 18",
        "ANY_SEVEN, 0, 0, 1, 6, 10, 50, 0",   // 4:1
        "ANY_SEVEN, 0, 0, 4, 4, 10,  0, 0",
        "HARD_4,    5, 0, 2, 2, 10, 70, 10",  // 7:1, stays up
        "HARD_4,    5, 0, 1, 3, 10,  0, 0",   // easy 4 loses
        "HARD_6,    5, 0, 3, 3, 10, 90, 10",  // 9:1
        "HARD_8,    5, 0, 4, 4, 10, 90, 10",
        "HARD_8,    5, 0, 2, 6, 10,  0, 0",   // easy 8 loses
        "HARD_8,    5, 0, 3, 4, 10,  0, 0",   // 7 loses
        "HARD_8,    0, 0, 4, 4, 10,  0, 10",  // off on the come-out
        "HARD_10,   5, 0, 5, 5, 10, 70, 10",
        "HARD_10,   5, 0, 1, 1, 10,  0, 10",  // no decision
    })
    void payout(BetKind kind, int point, int betPoint, int die1, int die2, long stake, long credited, long left) {
        Phase phase = point == 0 ? Phase.COME_OUT : Phase.POINT;
        CrapsState before = new CrapsState(Fixtures.nonce("table", 0, 0), 250, 1, phase, point, 0, DiceStep.REVEALING, 0, 10_000, null,
                List.of(new Seat("alice", 1_000), new Seat("bob", 1_000)),
                List.of(new Bet(0, kind, stake, betPoint)));
        Table table = new Table(before);
        Settlement.settle(table, new Roll(die1, die2));
        CrapsState after = table.freeze();

        assertEquals(1_000 + credited, after.balanceOf("alice"), "chips credited to the player");
        assertEquals(left, after.stakeOf(0), "chips left on the table");
        assertEquals(1_000, after.balanceOf("bob"), "a player without a bet is untouched");
        assertEquals(before.totalChips(), after.totalChips(), "chips only moved between the player and the house");
        if (kind == BetKind.COME && left > 0 && betPoint == 0) {
            assertEquals(die1 + die2, after.bets().get(0).point(), "the Come bet moved to its number");
        }
        assertEquals(2, after.round());
        assertEquals(1, after.rolls());
    }
}
