package io.freelock.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.Participant;

class PlayerKeysTest {

    @TempDir
    Path folder;

    @Test
    void aPlayersKeyIsKeptSoThatARestartedDemoSignsAsBefore() throws Exception {
        KeyPair first = new PlayerKeys(folder).of("alice");
        KeyPair again = new PlayerKeys(folder).of("alice");
        assertEquals(first.getPublic(), again.getPublic());
        byte[] message = {1, 2, 3};
        Signature signer = Signature.getInstance(Participant.ALGORITHM);
        signer.initSign(again.getPrivate());
        signer.update(message);
        assertTrue(new Participant("alice", first.getPublic()).verifies(message, signer.sign()),
                "the kept private key signs for the kept public key");
        assertNotEquals(first.getPublic(), new PlayerKeys(folder).of("bob").getPublic());
    }

    @Test
    void withoutAFolderEveryKeyIsFreshAndNothingIsWritten() throws Exception {
        PlayerKeys keys = new PlayerKeys(null);
        assertNotEquals(keys.of("alice").getPublic(), keys.of("alice").getPublic());
        try (var files = Files.list(folder)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aDamagedKeyFileIsRefusedNamingTheFileAndLeftAsItWas() throws Exception {
        Path file = folder.resolve("carol.ed25519");
        byte[] damaged = "public nonsense\n".getBytes();
        Files.write(file, damaged);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new PlayerKeys(folder).of("carol"));
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(file));
    }
}
