package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.CanonicalWriter;

/** Deterministic nonces, and nonces chosen so that the dice show a wanted roll. */
final class Fixtures {

    private Fixtures() {
    }

    /** @return a nonce fixed by player, round and salt */
    static Bytes32 nonce(String player, long round, int salt) {
        return Bytes32.of(new CanonicalWriter().writeString(player).writeLong(round).writeInt(salt).sha256());
    }

    /** @return {@code player}'s commitment to {@code nonce} at the table in {@code state}, for its current round */
    static CrapsOperation.CommitDice commit(CrapsState state, String player, Bytes32 nonce) {
        return new CrapsOperation.CommitDice(player, Dice.commitment(state.table(), state.round(), player, nonce));
    }

    /** @return {@code player}'s commitment to its salt-0 nonce for the current round */
    static CrapsOperation.CommitDice commit(CrapsState state, String player) {
        return commit(state, player, nonce(player, state.round(), 0));
    }

    /** @return {@code player}'s reveal of its salt-0 nonce for the current round */
    static CrapsOperation.RevealDice reveal(CrapsState state, String player) {
        return new CrapsOperation.RevealDice(player, nonce(player, state.round(), 0));
    }

    /**
     * @param others the other reveals
     * @return a nonce for the last revealer that makes the round roll {@code wanted}
     */
    static Bytes32 nonceRolling(Roll wanted, long round, List<Bytes32> others, String lastPlayer) {
        for (int salt = 0; salt < 100_000; salt++) {
            Bytes32 candidate = nonce(lastPlayer, round, salt);
            List<Bytes32> reveals = new ArrayList<>(others);
            reveals.add(candidate);
            if (Dice.roll(reveals).equals(wanted)) {
                return candidate;
            }
        }
        throw new AssertionError("no nonce found for " + wanted);
    }

    /** @return every chip the player in {@code seat} owns: in hand, in bond and on the table at face value */
    static long owned(CrapsState state, int seat) {
        return state.seats().get(seat).balance() + state.seats().get(seat).escrow() + state.stakeOf(seat);
    }

    /** @return the seats that take part in the dice of {@code state}'s round */
    static List<Integer> takingPart(CrapsState state) {
        List<Integer> seats = new ArrayList<>();
        for (int i = 0; i < state.seats().size(); i++) {
            if (state.takesPart(i)) {
                seats.add(i);
            }
        }
        return seats;
    }

    /**
     * Plays one dice round with the given rules: every seat taking part commits and reveals, the last seat's nonce
     * chosen so that the roll is {@code wanted}.
     */
    static CrapsState roll(CrapsRules rules, CrapsState state, Roll wanted) {
        List<Integer> seats = takingPart(state);
        if (seats.isEmpty()) {
            throw new AssertionError("nobody can post the bond, so nobody can roll");
        }
        long round = state.round();
        List<Bytes32> nonces = new ArrayList<>();
        for (int k = 0; k < seats.size() - 1; k++) {
            nonces.add(nonce(state.seats().get(seats.get(k)).player(), round, -1));
        }
        String last = state.seats().get(seats.get(seats.size() - 1)).player();
        nonces.add(nonceRolling(wanted, round, nonces, last));
        CrapsState s = state;
        for (int k = 0; k < seats.size(); k++) {
            s = rules.apply(s, commit(s, s.seats().get(seats.get(k)).player(), nonces.get(k)));
        }
        for (int k = 0; k < seats.size(); k++) {
            s = rules.apply(s, new CrapsOperation.RevealDice(s.seats().get(seats.get(k)).player(), nonces.get(k)));
        }
        return s;
    }
}
