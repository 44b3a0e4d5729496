package io.freelock.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import io.freelock.consensus.Participant;

/**
 * The demo players' Ed25519 key pairs, kept in a folder so that a table recovered from its journal is played by the
 * players whose signatures are in it: a game's journal verifies every proposal and vote against the participants'
 * keys, so a player with a new key could not recover its own history. One file per player, {@code <player>.ed25519},
 * readable by the owner only where the file system allows: a line {@code public <base64 X.509>} and a line
 * {@code private <base64 PKCS#8>}. These are a demo's keys, kept beside its data; real players keep their own.
 */
final class PlayerKeys {

    private final Path folder;

    /** @param folder where the keys are kept; null to make fresh keys that are not kept */
    PlayerKeys(Path folder) {
        this.folder = folder;
    }

    /**
     * @return the player's key pair: the one kept for it, or a new one (kept from now on)
     * @throws IllegalStateException if a kept file cannot be read as a key pair, saying which file
     */
    KeyPair of(String player) {
        if (folder == null) {
            return fresh();
        }
        Path file = folder.resolve(player + ".ed25519");
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            KeyPair pair = fresh();
            write(file, pair);
            return pair;
        } catch (FileAlreadyExistsException raced) {
            return read(file); // another table made it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep demo player " + player + "'s key in " + file, e);
        }
    }

    private static KeyPair fresh() {
        return Participant.generateKeys();
    }

    private static void write(Path file, KeyPair pair) throws IOException {
        Files.createDirectories(file.getParent());
        Base64.Encoder base64 = Base64.getEncoder();
        String text = "public " + base64.encodeToString(pair.getPublic().getEncoded()) + "\nprivate "
                + base64.encodeToString(pair.getPrivate().getEncoded()) + "\n";
        Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
        try {
            ownerOnly(partial);
            Files.writeString(partial, text, StandardCharsets.US_ASCII);
            Files.move(partial, file); // fails if another table wrote the file meanwhile: then that one is used
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the data folder's own protection applies
        }
    }

    private static KeyPair read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.size() < 2 || !lines.get(0).startsWith("public ") || !lines.get(1).startsWith("private ")) {
                throw new IllegalStateException(file + " is not a demo player's key file (a public and a private "
                        + "line); move it away to make a new key");
            }
            Base64.Decoder base64 = Base64.getDecoder();
            KeyFactory keys = KeyFactory.getInstance(Participant.ALGORITHM);
            return new KeyPair(
                    keys.generatePublic(new X509EncodedKeySpec(base64.decode(lines.get(0).substring(7).trim()))),
                    keys.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(lines.get(1).substring(8).trim()))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo player's key in " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold an Ed25519 key pair: " + e.getMessage(), e);
        }
    }
}
