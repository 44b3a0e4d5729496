package io.freelock.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one 32-byte value, and its two kinds StateHash and ProposalId. */
class Bytes32Test {

    private static byte[] counting(int first) {
        byte[] bytes = new byte[Bytes32.LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    @Test
    void itHoldsACopyAndHandsOutCopies() {
        byte[] given = counting(1);
        Bytes32 value = Bytes32.of(given);
        given[0] = 99;
        value.bytes()[1] = 99;
        assertArrayEquals(counting(1), value.bytes());

        StateHash hash = StateHash.of(counting(1));
        hash.bytes()[0] = 99;
        assertEquals(StateHash.of(counting(1)), hash);
    }

    @Test
    void hexSpellsTheBytesBothWays() {
        Bytes32 value = Bytes32.of(counting(0xf0));
        assertEquals("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f", value.toHex());
        assertEquals(value.toHex(), value.toString());
        assertEquals("f0f1f2f3f4f5", value.shortHex());
        assertEquals(value, Bytes32.fromHex(value.toHex()));
        assertEquals(value, Bytes32.fromHex(value.toHex().toUpperCase()));
        assertEquals(StateHash.of(counting(0xf0)), StateHash.fromHex(value.toHex()));
        assertEquals(ProposalId.of(counting(0xf0)), ProposalId.fromHex(value.toHex()));
        assertEquals(value.shortHex(), StateHash.of(counting(0xf0)).shortHex());
        assertEquals(value.toString(), ProposalId.of(counting(0xf0)).toString());
    }

    @Test
    void anythingButThirtyTwoBytesIsRefusedNamingWhatItWasToBe() {
        assertEquals("a 32-byte value has 32 bytes, not 31",
                assertThrows(IllegalArgumentException.class, () -> Bytes32.of(new byte[31])).getMessage());
        assertEquals("a state hash has 32 bytes, not 33",
                assertThrows(IllegalArgumentException.class, () -> StateHash.of(new byte[33])).getMessage());
        assertEquals("a proposal id has 32 bytes, not 0",
                assertThrows(IllegalArgumentException.class, () -> ProposalId.of(new byte[0])).getMessage());
        assertEquals("a proposal id is 64 hex digits, not 62", assertThrows(IllegalArgumentException.class,
                () -> ProposalId.fromHex("ab".repeat(31))).getMessage());
        assertEquals("a state hash is 64 hex digits, not 65", assertThrows(IllegalArgumentException.class,
                () -> StateHash.fromHex("a".repeat(65))).getMessage());
        assertEquals("a state digest has 32 bytes, not 31", assertThrows(IllegalArgumentException.class,
                () -> StateHash.of(new byte[32]).next(new byte[0], new byte[31])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bytes32.fromHex("zz".repeat(32)));
        assertThrows(NullPointerException.class, () -> Bytes32.of(null));
        assertThrows(NullPointerException.class, () -> StateHash.fromHex(null));
    }

    @Test
    void equalBytesAreEqualValuesOfOneKindButAHashIsNeverAnId() {
        assertEquals(Bytes32.of(counting(3)), Bytes32.of(counting(3)));
        assertEquals(Bytes32.of(counting(3)).hashCode(), Bytes32.of(counting(3)).hashCode());
        assertNotEquals(Bytes32.of(counting(3)), Bytes32.of(counting(4)));
        assertEquals(ProposalId.of(counting(3)).hashCode(), ProposalId.of(counting(3)).hashCode());
        Object hash = StateHash.of(counting(3));
        Object id = ProposalId.of(counting(3));
        assertNotEquals(hash, id);
        assertNotEquals(id, hash);
        assertNotEquals(hash, Bytes32.of(counting(3)));
        assertNotEquals(Bytes32.of(counting(3)), hash);
        assertNotEquals(null, Bytes32.of(counting(3)));
    }

    @Test
    void orderIsByTheBytesUnsigned() {
        byte[] high = new byte[Bytes32.LENGTH];
        high[0] = (byte) 0x80; // negative as a signed byte, yet above 0x7f
        byte[] low = new byte[Bytes32.LENGTH];
        low[0] = 0x7f;
        low[31] = 1;
        assertTrue(ProposalId.of(high).compareTo(ProposalId.of(low)) > 0);
        assertTrue(ProposalId.of(low).compareTo(ProposalId.of(high)) < 0);
        assertEquals(0, ProposalId.of(low).compareTo(ProposalId.of(low.clone())));
        List<ProposalId> sorted = new ArrayList<>(List.of(ProposalId.of(high), ProposalId.of(new byte[32]),
                ProposalId.of(low)));
        Collections.sort(sorted);
        assertEquals(List.of(ProposalId.of(new byte[32]), ProposalId.of(low), ProposalId.of(high)), sorted);
    }

    @Test
    void theWriterWritesTheBytesWithoutALength() {
        Bytes32 value = Bytes32.of(counting(7));
        assertArrayEquals(counting(7), new CanonicalWriter().writeFixed(value).toByteArray());
        assertArrayEquals(counting(7), new CanonicalWriter().writeHash(StateHash.of(counting(7))).toByteArray());
    }
}
