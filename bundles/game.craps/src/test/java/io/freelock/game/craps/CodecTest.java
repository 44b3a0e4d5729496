package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

class CodecTest {

    private final CrapsRules rules = new CrapsRules();

    private static final List<CrapsOperation> OPERATIONS = List.of(
            new CrapsOperation.PlaceBet("alice", BetKind.HARD_10, 25),
            new CrapsOperation.CommitDice("bob", Fixtures.nonce("bob", 1, 0)),
            new CrapsOperation.RevealDice("carol", Fixtures.nonce("carol", 1, 0)),
            new CrapsOperation.CloseWindow(42));

    @Test
    void aBusyStateEncodesDecodesAndEncodesToTheSameBytes() {
        CrapsState s = new CrapsState(Fixtures.nonce("table", 0, 0), 250, 7, Phase.POINT, 9, 1, DiceStep.REVEALING, 6, 99_000, new Roll(4, 5),
                List.of(new Seat("alice", 10, 250, Fixtures.nonce("c", 7, 0), Fixtures.nonce("r", 7, 0)),
                        new Seat("bob", 0, 250, Fixtures.nonce("c", 7, 1), null),
                        new Seat("carol", 700)),
                List.of(new Bet(1, BetKind.COME, 5, 8), new Bet(0, BetKind.PLACE_6, 12, 0),
                        new Bet(1, BetKind.COME, 5, 0)));
        byte[] bytes = rules.encodeState(s);
        CrapsState back = rules.decodeState(bytes);
        assertArrayEquals(bytes, rules.encodeState(back));
        assertEquals(s.bets(), back.bets());
        assertEquals(s.seats(), back.seats());
        assertEquals(s.lastRoll(), back.lastRoll());
        assertEquals(s.table(), back.table());
        assertEquals(s.bond(), back.bond());
    }

    @Test
    void stateBytesWithAnythingLeftOverAreRefused() {
        byte[] bytes = rules.encodeState(new CrapsRules().initialState(CrapsRulesTest.spec(java.util.Map.of(), "a")));
        assertThrows(IllegalArgumentException.class, () -> rules.decodeState(Arrays.copyOf(bytes, bytes.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> rules.decodeState(Arrays.copyOf(bytes, bytes.length - 1)));
    }

    @Test
    void everyOperationRoundTripsThroughBytesAndText() {
        for (CrapsOperation op : OPERATIONS) {
            assertEquals(op, rules.decodeOperation(rules.encodeOperation(op)));
            assertEquals(op, rules.parseOperation(rules.describeOperation(op)));
        }
        assertEquals(new CrapsOperation.PlaceBet("bob", BetKind.PLACE_6, 12), rules.parseOperation("bet bob place6 12"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "09", "0100", "04000000000000002a00", "01000000056d6f6e6579ff0000000000000001"})
    void bytesThatAreNoOperationAreRefusedAsMalformed(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        RefusedException refused = assertThrows(RefusedException.class, () -> rules.decodeOperation(bytes));
        assertEquals(RefusalReason.MALFORMED_OPERATION, refused.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"roll", "bet alice", "bet alice nothing 5", "bet alice field many", "commit bob 12",
        "close soon"})
    void textThatIsNoOperationIsRefusedAsMalformed(String text) {
        RefusedException refused = assertThrows(RefusedException.class, () -> rules.parseOperation(text));
        assertEquals(RefusalReason.MALFORMED_OPERATION, refused.reason());
        assertEquals(true, refused.getMessage().contains(text), refused.getMessage());
    }
}
