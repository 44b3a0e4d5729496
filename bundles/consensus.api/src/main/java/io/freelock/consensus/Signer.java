package io.freelock.consensus;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/** Ed25519 signing, for {@link Proposal#sign} and {@link Vote#sign}. */
final class Signer {

    private Signer() {
    }

    static byte[] sign(PrivateKey key, byte[] content) {
        Objects.requireNonNull(key, "private key");
        try {
            Signature signer = Signature.getInstance(Participant.ALGORITHM);
            signer.initSign(key);
            signer.update(content);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm()
                    + " key; an Ed25519 private key is needed", e);
        }
    }
}
