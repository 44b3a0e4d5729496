package io.freelock.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CanonicalTest {

    private static final KeyPair KEY = Participant.generateKeys();

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
        java.security.MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] initial = {1, 2, 3};
        byte[] initialDigest = StateHash.digest(initial);
        assertArrayEquals(sha.digest(initial), initialDigest);
        String instance = "ab".repeat(32);
        GameSpec spec = new GameSpec("g", "counter", List.of(new Participant("alice", KEY.getPublic())))
                .withInstance(instance);
        StateHash genesis = StateHash.genesis(spec, "7", initialDigest);
        assertArrayEquals(new CanonicalWriter().writeString("freelock/genesis/v2").writeString("g")
                .writeString("counter").writeString("7").writeString(instance).writeBoolean(true)
                .writeFixed(initialDigest).sha256(), genesis.bytes());
        byte[] operation = {7};
        byte[] after = StateHash.digest(new byte[] {9});
        assertArrayEquals(new CanonicalWriter().writeFixed(genesis.bytes()).writeBytes(operation).writeFixed(after)
                .sha256(), genesis.next(operation, after).bytes());
        assertEquals(genesis, StateHash.fromHex(genesis.toHex()));
        assertThrows(IllegalArgumentException.class, () -> StateHash.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> StateHash.fromHex("abc"));
    }

    @Test
    void theGenesisNamesTheInstanceTheRulesVersionAndWhetherDirectAppliesCount() {
        byte[] digest = StateHash.digest(new byte[] {1});
        GameSpec spec = new GameSpec("g", "counter", List.of(new Participant("alice", KEY.getPublic())))
                .withInstance("00".repeat(32));
        StateHash genesis = StateHash.genesis(spec, "1", digest);
        assertNotEquals(genesis, StateHash.genesis(spec.withInstance("01".repeat(32)), "1", digest));
        assertNotEquals(genesis, StateHash.genesis(spec, "2", digest));
        assertNotEquals(genesis, StateHash.genesis(spec.withDirectApplies(false), "1", digest));
        assertNotEquals(genesis, StateHash.genesis(spec, "1", StateHash.digest(new byte[] {2})));
        assertThrows(IllegalArgumentException.class, () -> StateHash.genesis(
                new GameSpec("g", "counter", spec.participants()), "1", digest), "a spec with no instance yet");
        RefusedException refused = assertThrows(RefusedException.class, () -> spec.withInstance("XYZ"));
        assertEquals(RefusalReason.INVALID_GAME_SPEC, refused.reason());
    }

    @Test
    void equalOperationsLeadingToDifferentStatesGiveDifferentHashes() {
        StateHash from = StateHash.of(new byte[32]);
        byte[] operation = {1};
        assertNotEquals(from.next(operation, StateHash.digest(new byte[] {1})),
                from.next(operation, StateHash.digest(new byte[] {2})));
    }

    @Test
    void theThreadsReusedDigestGivesAFreshDigestsValueWhateverWasHashedBefore() throws Exception {
        Random random = new Random(15);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(bytes);
            assertArrayEquals(expected, new CanonicalWriter().writeFixed(bytes).sha256());
            assertArrayEquals(expected, StateHash.digest(bytes));
        }
        byte[] some = {1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> CanonicalWriter.sha256(some, 2, 5));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(some), StateHash.digest(some),
                "a refused call leaves nothing half-fed behind");
    }
}
