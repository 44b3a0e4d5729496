package io.freelock.game.craps;

import java.util.List;
import java.util.function.IntSupplier;

import io.freelock.consensus.CanonicalWriter;

/**
 * Dice from commit-reveal, so that no player (and no server) chooses the roll.
 * <ol>
 * <li>Each player with a bet picks a secret 32-byte nonce and commits {@code SHA-256(nonce || round)}, the round as
 * 8 bytes big-endian, so that a nonce revealed in one round is worth nothing in another.</li>
 * <li>Once the commitments are in, each reveals its nonce; a reveal must hash to its commitment.</li>
 * <li>The seed is {@code SHA-256(string "craps/dice/v1" || long round || int count || nonce...)}, in
 * {@link CanonicalWriter} form, with the revealed nonces in seat order (the game's fixed participant order). The
 * dice come from the byte stream {@code SHA-256(seed || int 0) || SHA-256(seed || int 1) || ...}: each die takes
 * the next byte {@code b}, rejects it if {@code b >= 252} and takes the next one instead, and is {@code b % 6 + 1}.
 * As 252 = 6 * 42, every face has exactly 42 accepted byte values: no modulo bias.</li>
 * </ol>
 * One honest nonce makes the roll unpredictable to everyone else; see {@link CrapsRules} for a player who does not
 * reveal.
 */
final class Dice {

    /** The accepted bytes are 0..251: the largest multiple of 6 not above 256. */
    static final int ACCEPT_BELOW = 252;

    private Dice() {
    }

    /** @return {@code SHA-256(nonce || round)}, the commitment to {@code nonce} for dice round {@code round} */
    static Bytes32 commitment(Bytes32 nonce, long round) {
        return Bytes32.of(new CanonicalWriter().writeFixed(nonce.bytesUnsafe()).writeLong(round).sha256());
    }

    /** @return the roll of dice round {@code round} from the reveals, in seat order */
    static Roll roll(long round, List<Bytes32> revealsInSeatOrder) {
        CanonicalWriter seed = new CanonicalWriter().writeString("craps/dice/v1").writeLong(round)
                .writeInt(revealsInSeatOrder.size());
        revealsInSeatOrder.forEach(nonce -> seed.writeFixed(nonce.bytesUnsafe()));
        IntSupplier bytes = new HashStream(seed.sha256());
        return new Roll(die(bytes), die(bytes));
    }

    /** @return a fair die from a stream of bytes (0..255), by rejection sampling */
    static int die(IntSupplier nextByte) {
        int b = nextByte.getAsInt();
        while (b >= ACCEPT_BELOW) {
            b = nextByte.getAsInt();
        }
        return b % 6 + 1;
    }

    /** The bytes of SHA-256(seed || int 0), SHA-256(seed || int 1), ... one at a time. */
    private static final class HashStream implements IntSupplier {
        private final byte[] seed;
        private int block;
        private byte[] current = new byte[0];
        private int position;

        HashStream(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public int getAsInt() {
            if (position == current.length) {
                current = new CanonicalWriter().writeFixed(seed).writeInt(block++).sha256();
                position = 0;
            }
            return current[position++] & 0xff;
        }
    }
}
