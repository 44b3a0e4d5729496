package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.CanonicalWriter;

class DiceTest {

    @Test
    void bytesFrom252UpAreRejectedAndTheNextByteIsTaken() {
        Iterator<Integer> bytes = List.of(252, 255, 253, 254, 11, 251).iterator();
        assertEquals(11 % 6 + 1, Dice.die(bytes::next));
        assertEquals(251 % 6 + 1, Dice.die(bytes::next));
    }

    @Test
    void everyFaceHasExactlyFortyTwoAcceptedByteValues() {
        int[] faces = new int[7];
        for (int b = 0; b < 256; b++) {
            int first = b;
            Iterator<Integer> stream = List.of(first, 0).iterator();
            int face = Dice.die(stream::next);
            if (b < Dice.ACCEPT_BELOW) {
                faces[face]++;
            } else {
                assertEquals(1, face, "a rejected byte falls through to the next one (0 gives face 1)");
            }
        }
        for (int face = 1; face <= 6; face++) {
            assertEquals(42, faces[face], "face " + face);
        }
    }

    @Test
    void rollsOverManyNoncesAreSpreadEvenly() {
        int[] faces = new int[7];
        int nonces = 6_000;
        for (int i = 0; i < nonces; i++) {
            Roll roll = Dice.roll(List.of(Fixtures.nonce("alice", 1, i)));
            faces[roll.die1()]++;
            faces[roll.die2()]++;
        }
        // deterministic (SHA-256 of fixed inputs), so no flakiness: 2000 expected per face
        IntStream.rangeClosed(1, 6).forEach(f -> assertTrue(faces[f] > 1_800 && faces[f] < 2_200,
                "face " + f + " came up " + faces[f] + " times in " + 2 * nonces));
    }

    @Test
    void theDiceAreReadFromTheXorOfTheNoncesAndGoOnInAHashStreamWhenItsBytesRunOut() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        a[0] = 7;
        b[0] = 3; // 7 ^ 3 = 4: face 5
        a[1] = (byte) 0xff; // rejected
        b[2] = 11; // face 6
        assertEquals(new Roll(5, 6), Dice.roll(List.of(Bytes32.of(a), Bytes32.of(b))));
        assertEquals(Dice.roll(List.of(Bytes32.of(a), Bytes32.of(b))), Dice.roll(List.of(Bytes32.of(b), Bytes32.of(a))),
                "the order of the reveals does not matter");
        byte[] allRejected = new byte[32];
        java.util.Arrays.fill(allRejected, (byte) 0xfe);
        Roll fallback = Dice.roll(List.of(Bytes32.of(allRejected)));
        assertEquals(fallback, Dice.roll(List.of(Bytes32.of(allRejected))), "the fallback is deterministic too");
    }

    @Test
    void theCommitmentBindsTheTableTheRoundAndThePlayer() {
        Bytes32 table = Dice.tableKey("table-1", "");
        Bytes32 nonce = Fixtures.nonce("bob", 3, 0);
        assertEquals(Bytes32.of(new CanonicalWriter().writeString("craps/commit/v2").writeFixed(table.bytes())
                .writeLong(3).writeString("bob").writeFixed(nonce.bytes()).sha256()),
                Dice.commitment(table, 3, "bob", nonce));
        assertNotEquals(Dice.commitment(table, 3, "bob", nonce), Dice.commitment(table, 4, "bob", nonce));
        assertNotEquals(Dice.commitment(table, 3, "bob", nonce), Dice.commitment(table, 3, "alice", nonce));
        assertNotEquals(Dice.commitment(table, 3, "bob", nonce),
                Dice.commitment(Dice.tableKey("table-2", ""), 3, "bob", nonce));
        assertNotEquals(Dice.tableKey("table-1", ""), Dice.tableKey("table-1", "0".repeat(64)),
                "another instance of the same game id is another table");
    }

    @Test
    void theRollDependsOnEveryReveal() {
        Bytes32 a = Fixtures.nonce("a", 1, 0);
        Bytes32 b = Fixtures.nonce("b", 1, 0);
        assertEquals(Dice.roll(List.of(a, b)), Dice.roll(List.of(a, b)));
        long differentRolls = IntStream.range(0, 36)
                .filter(salt -> !Dice.roll(List.of(a, Fixtures.nonce("b", 1, salt)))
                        .equals(Dice.roll(List.of(a, b))))
                .count();
        assertTrue(differentRolls > 20, "changing the last reveal changes the roll: " + differentRolls + " of 36");
    }
}
