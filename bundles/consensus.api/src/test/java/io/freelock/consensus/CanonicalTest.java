package io.freelock.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CanonicalTest {

    @Test
    void integersAreBigEndianAndVariablePartsCarryTheirLength() {
        byte[] bytes = new CanonicalWriter().writeInt(0x01020304).writeLong(-2).writeBoolean(true).writeString("hé")
                .toByteArray();
        assertArrayEquals(new byte[] {1, 2, 3, 4, -1, -1, -1, -1, -1, -1, -1, -2, 1, 0, 0, 0, 3, 'h', (byte) 0xc3,
            (byte) 0xa9}, bytes);
    }

    @Test
    void lengthPrefixesKeepDifferentValueSequencesApart() {
        byte[] abC = new CanonicalWriter().writeString("ab").writeString("c").toByteArray();
        byte[] aBc = new CanonicalWriter().writeString("a").writeString("bc").toByteArray();
        assertFalse(Arrays.equals(abC, aBc));
    }

    @Test
    void theReaderReadsBackWhatTheWriterWrote() {
        byte[] bytes = new CanonicalWriter().writeByte(200).writeInt(-7).writeLong(Long.MIN_VALUE).writeBoolean(false)
                .writeBytes(new byte[] {9, 8}).writeString("game").toByteArray();
        CanonicalReader in = new CanonicalReader(bytes);
        assertEquals(200, in.readByte());
        assertEquals(-7, in.readInt());
        assertEquals(Long.MIN_VALUE, in.readLong());
        assertFalse(in.readBoolean());
        assertArrayEquals(new byte[] {9, 8}, in.readBytes(2));
        assertEquals("game", in.readString(10));
        in.expectEnd();
    }

    @Test
    void theReaderRefusesWhatIsNotCanonical() {
        assertThrows(IllegalArgumentException.class, () -> new CanonicalReader(new byte[] {2}).readBoolean());
        assertThrows(IllegalArgumentException.class, () -> new CanonicalReader(new byte[] {1, 2}).readInt());
        CanonicalReader leftover = new CanonicalReader(new byte[] {1, 0});
        leftover.readBoolean();
        assertThrows(IllegalArgumentException.class, leftover::expectEnd);
        byte[] long5 = new CanonicalWriter().writeBytes(new byte[5]).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> new CanonicalReader(long5).readBytes(4));
        byte[] badUtf8 = new CanonicalWriter().writeBytes(new byte[] {(byte) 0xc3}).toByteArray();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CanonicalReader(badUtf8).readString(10));
        assertTrue(refused.getMessage().contains("UTF-8"), refused.getMessage());
        byte[] negative = new CanonicalWriter().writeInt(-1).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> new CanonicalReader(negative).readBytes(10));
    }

    @Test
    void theGenesisAndEveryNextHashAreTheDocumentedSha256s() throws Exception {
        byte[] initial = {1, 2, 3};
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        StateHash genesis = StateHash.genesis(initial);
        assertArrayEquals(sha.digest(initial), genesis.bytes());
        byte[] operation = {7};
        sha.update(genesis.bytes());
        sha.update(operation);
        assertArrayEquals(sha.digest(), genesis.next(operation).bytes());
        assertEquals(genesis, StateHash.fromHex(genesis.toHex()));
        assertThrows(IllegalArgumentException.class, () -> StateHash.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> StateHash.fromHex("abc"));
    }
}
