package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;

import io.freelock.consensus.CanonicalWriter;

/** Deterministic nonces, and nonces chosen so that the dice show a wanted roll. */
final class Fixtures {

    private Fixtures() {
    }

    /** @return a nonce fixed by player, round and salt */
    static Bytes32 nonce(String player, long round, int salt) {
        return Bytes32.of(new CanonicalWriter().writeString(player).writeLong(round).writeInt(salt).sha256());
    }

    /**
     * @param others the reveals before the last one, in seat order
     * @return a nonce for the last revealer that makes the round roll {@code wanted}
     */
    static Bytes32 nonceRolling(Roll wanted, long round, List<Bytes32> others, String lastPlayer) {
        for (int salt = 0; salt < 100_000; salt++) {
            Bytes32 candidate = nonce(lastPlayer, round, salt);
            List<Bytes32> reveals = new ArrayList<>(others);
            reveals.add(candidate);
            if (Dice.roll(round, reveals).equals(wanted)) {
                return candidate;
            }
        }
        throw new AssertionError("no nonce found for " + wanted);
    }

    /**
     * Plays one dice round with the given rules: every seat with a bet commits and reveals, the last seat's nonce
     * chosen so that the roll is {@code wanted}.
     */
    static CrapsState roll(CrapsRules rules, CrapsState state, Roll wanted) {
        List<Integer> bettors = new ArrayList<>();
        for (int i = 0; i < state.seats().size(); i++) {
            if (state.stakeOf(i) > 0) {
                bettors.add(i);
            }
        }
        if (bettors.isEmpty()) {
            throw new AssertionError("nobody has a bet, so nobody can roll");
        }
        long round = state.round();
        List<Bytes32> nonces = new ArrayList<>();
        for (int k = 0; k < bettors.size() - 1; k++) {
            nonces.add(nonce(state.seats().get(bettors.get(k)).player(), round, -1));
        }
        String last = state.seats().get(bettors.get(bettors.size() - 1)).player();
        nonces.add(nonceRolling(wanted, round, nonces, last));
        CrapsState s = state;
        for (int k = 0; k < bettors.size(); k++) {
            s = rules.apply(s, new CrapsOperation.CommitDice(s.seats().get(bettors.get(k)).player(),
                    Dice.commitment(nonces.get(k), round)));
        }
        for (int k = 0; k < bettors.size(); k++) {
            s = rules.apply(s, new CrapsOperation.RevealDice(s.seats().get(bettors.get(k)).player(), nonces.get(k)));
        }
        return s;
    }
}
