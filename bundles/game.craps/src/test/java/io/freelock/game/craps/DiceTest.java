package io.freelock.game.craps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

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
    void rollsOverManyRoundsAreSpreadEvenly() {
        int[] faces = new int[7];
        int rounds = 6_000;
        Bytes32 nonce = Fixtures.nonce("alice", 0, 0);
        for (int round = 1; round <= rounds; round++) {
            Roll roll = Dice.roll(round, List.of(nonce));
            faces[roll.die1()]++;
            faces[roll.die2()]++;
        }
        // deterministic (SHA-256 of fixed inputs), so no flakiness: 2000 expected per face
        IntStream.rangeClosed(1, 6).forEach(f -> assertTrue(faces[f] > 1_800 && faces[f] < 2_200,
                "face " + f + " came up " + faces[f] + " times in " + 2 * rounds));
    }

    @Test
    void theCommitmentIsSha256OfNonceAndRound() {
        Bytes32 nonce = Fixtures.nonce("bob", 3, 0);
        assertEquals(Bytes32.of(new CanonicalWriter().writeFixed(nonce.bytes()).writeLong(3).sha256()),
                Dice.commitment(nonce, 3));
        assertNotEquals(Dice.commitment(nonce, 3), Dice.commitment(nonce, 4));
    }

    @Test
    void theRollDependsOnTheRoundAndOnEveryReveal() {
        Bytes32 a = Fixtures.nonce("a", 1, 0);
        Bytes32 b = Fixtures.nonce("b", 1, 0);
        assertEquals(Dice.roll(1, List.of(a, b)), Dice.roll(1, List.of(a, b)));
        long differentRolls = IntStream.range(0, 36)
                .filter(salt -> !Dice.roll(1, List.of(a, Fixtures.nonce("b", 1, salt)))
                        .equals(Dice.roll(1, List.of(a, b))))
                .count();
        assertTrue(differentRolls > 20, "changing the last reveal changes the roll: " + differentRolls + " of 36");
    }
}
