package io.freelock.game.craps;

import java.util.List;
import java.util.function.IntSupplier;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.CanonicalWriter;

/**
 * Dice from commit-reveal among every player taking part in the round, so that no coalition smaller than all of
 * them chooses the roll (see {@link CrapsRules} for who takes part and what withholding a reveal costs).
 * <ol>
 * <li>A table is named by {@link #tableKey}: {@code SHA-256(string "craps/table/v1" || string gameId || string
 * instance)}, the instance being the 64 hex digits the engine chose for this instance of the game (empty for a spec
 * no engine opened).</li>
 * <li>Each player picks a secret 32-byte nonce and commits {@link #commitment}: {@code SHA-256(string
 * "craps/commit/v2" || table key || long round || string player || nonce)}, in {@link CanonicalWriter} form. The
 * commitment names the game instance, the round and the player, so it opens nowhere else: not in another game or
 * another instance of this one, not in another round, and not for another player who copied it.</li>
 * <li>Once every player taking part has committed, each reveals its nonce; a reveal must hash to its commitment.</li>
 * <li>The seed is the XOR of all the revealed nonces. The dice are read from the seed's own bytes: each die takes
 * the next byte {@code b}, rejects it if {@code b >= 252}, and is {@code b % 6 + 1}. As 252 = 6 * 42, every face has
 * exactly 42 accepted byte values. In the rare seed (about 2^-180) with fewer than two accepted bytes in its 32,
 * the dice go on in {@code SHA-256(string "craps/dice/v2" || seed || int 0) || ... int 1 || ...}.</li>
 * </ol>
 * <b>Why XOR.</b> Every other nonce is fixed (committed) before the honest player's is revealed, and the honest
 * nonce is uniform; XOR with a fixed value is a bijection of 32-byte strings, so the seed is exactly uniform, and
 * so is the roll, up to the 2^-180 of the fallback. No property of SHA-256 beyond the commitments' hiding and
 * binding is needed for that. The player binding of the commitment matters here: a copied commitment could
 * otherwise be opened with the copied nonce, and two equal nonces cancel in the XOR.
 */
final class Dice {

    /** The accepted bytes are 0..251: the largest multiple of 6 not above 256. */
    static final int ACCEPT_BELOW = 252;

    private Dice() {
    }

    /** @return the key that binds dice commitments to one instance of one game */
    static Bytes32 tableKey(String gameId, String instance) {
        return Bytes32.of(new CanonicalWriter().writeString("craps/table/v1").writeString(gameId)
                .writeString(instance).sha256());
    }

    /** @return the commitment of {@code player} to {@code nonce} for dice round {@code round} of table {@code table} */
    static Bytes32 commitment(Bytes32 table, long round, String player, Bytes32 nonce) {
        return Bytes32.of(new CanonicalWriter().writeString("craps/commit/v2").writeFixed(table)
                .writeLong(round).writeString(player).writeFixed(nonce).sha256());
    }

    /** @return the XOR of the nonces: uniform if any one of them is uniform and independent of the others */
    static byte[] seed(List<Bytes32> reveals) {
        byte[] seed = new byte[Bytes32.LENGTH];
        for (Bytes32 nonce : reveals) {
            byte[] b = nonce.bytes();
            for (int i = 0; i < seed.length; i++) {
                seed[i] ^= b[i];
            }
        }
        return seed;
    }

    /** @return the roll of the revealed nonces (their order does not matter) */
    static Roll roll(List<Bytes32> reveals) {
        if (reveals.isEmpty()) {
            throw new IllegalArgumentException("no reveals, no roll");
        }
        IntSupplier bytes = new SeedStream(seed(reveals));
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

    /** The seed's 32 bytes, then the bytes of SHA-256("craps/dice/v2" || seed || int 0), ... one at a time. */
    private static final class SeedStream implements IntSupplier {
        private final byte[] seed;
        private int block = -1;
        private byte[] current;
        private int position;

        SeedStream(byte[] seed) {
            this.seed = seed;
            this.current = seed;
        }

        @Override
        public int getAsInt() {
            if (position == current.length) {
                current = new CanonicalWriter().writeString("craps/dice/v2").writeFixed(seed).writeInt(++block)
                        .sha256();
                position = 0;
            }
            return current[position++] & 0xff;
        }
    }
}
