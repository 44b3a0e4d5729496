package io.freelock.consensus.engine;

import java.util.Arrays;
import java.util.function.Supplier;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.StateMachine;

/**
 * The rules side of an engine: the head a game starts from ({@link #genesis}), and what a rebind installs when rules
 * come or go ({@link #rebound}). Pure: it computes heads and installs nothing, so the engine's compare-and-swap stays
 * the one point where a rebind takes effect. Immutable, so any thread may use it.
 */
final class RulesBinder {

    private final GameSpec spec;
    /** The digest of the game's initial state, which rules arriving mid-game must reproduce. */
    private final byte[] initialStateDigest;

    /** @param rules the rules the game was opened with */
    RulesBinder(GameSpec spec, StateMachine<Object, Object> rules) {
        this.spec = spec;
        this.initialStateDigest = initialStateDigest(spec, rules);
    }

    /**
     * @param spec the game, naming its instance
     * @param rulesVersion the rules version the game was opened with (recorded in its journal)
     * @return the game's initial head: the rules' initial state, run through their own encoding and decoding (so
     *         that a rebind or a journal can carry the state over later), named by the genesis hash (see
     *         {@link StateHash})
     */
    static Head genesis(GameSpec spec, StateMachine<Object, Object> rules, String rulesVersion) {
        Object initial = callRules(spec, () -> rules.initialState(spec), "initialState");
        byte[] encoded = callRules(spec, () -> rules.encodeState(initial), "encodeState");
        Object decoded = callRules(spec, () -> rules.decodeState(encoded), "decodeState");
        if (!Arrays.equals(encoded, callRules(spec, () -> rules.encodeState(decoded), "encodeState"))) {
            throw new RefusedException(RefusalReason.RULES_FAILED, "the rules of game type '" + spec.gameType()
                    + "' do not give back the initial state they encoded; they cannot be journaled or rebound");
        }
        byte[] digest = StateHash.digest(encoded);
        return Head.initial(new Snapshot<>(initial, 0, StateHash.genesis(spec, rulesVersion, digest)), digest,
                RulesBinding.present(rules));
    }

    /**
     * @return the head of a game that starts at {@code version} with {@code canonicalState}, which these rules must
     *         decode and encode back to the same bytes
     * @throws RefusedException INVALID_GAME_SPEC if they do not
     */
    static Head at(GameSpec spec, StateMachine<Object, Object> rules, long version, StateHash hash,
            byte[] canonicalState) {
        Object decoded;
        try {
            decoded = callRules(spec, () -> rules.decodeState(canonicalState), "decodeState");
        } catch (RefusedException e) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + spec.gameId() + "': the state of "
                    + "version " + version + " does not decode: " + e.getMessage(), e);
        }
        if (!Arrays.equals(canonicalState, callRules(spec, () -> rules.encodeState(decoded), "encodeState"))) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + spec.gameId() + "': the state of "
                    + "version " + version + " is not in the rules' canonical encoding");
        }
        return Head.initial(new Snapshot<>(decoded, version, hash), StateHash.digest(canonicalState),
                RulesBinding.present(rules));
    }

    private static <T> T callRules(GameSpec spec, Supplier<T> call, String what) {
        return Refusals.refuseFailures(RefusalReason.RULES_FAILED,
                e -> "the rules of game type '" + spec.gameType() + "' failed in " + what + ": " + e, call);
    }

    /**
     * @return the head that plays {@code want} (or no rules) at {@code read}'s state. Arriving rules take the game
     *         only if they reproduce it: they read the current state back as it was, they give the game's initial
     *         state for its spec (its digest is in the genesis), and they turn the state before the last commit into
     *         the state after it (its digest is in the chain). Else the game waits without rules, saying why.
     */
    Head rebound(Head read, StateMachine<Object, Object> want) {
        byte[] state = read.binding.savedState();
        RulesBinding.LastCommit last = read.binding.lastCommit();
        String lost = "";
        if (read.binding.isPresent()) {
            StateMachine<Object, Object> leaving = read.binding.rules();
            try {
                state = leaving.encodeState(read.snapshot.state());
                if (read.commit != null) {
                    last = new RulesBinding.LastCommit(read.version(), leaving.encodeState(read.commit.before().state()),
                            read.commit.encodedOperation(), read.stateDigest);
                }
            } catch (RuntimeException | LinkageError e) {
                state = null;
                lost = "the departing rules could not encode the state at version " + read.version() + ": " + e;
            }
        } else if (state == null) {
            lost = read.binding.why();
        }
        if (want == null) {
            return Head.rebound(read.snapshot, RulesBinding.absent(state, null,
                    lost.isEmpty() ? "none is registered" : "none is registered, and " + lost, last), read);
        }
        if (state == null) {
            return Head.rebound(read.snapshot, RulesBinding.absent(null, want, lost, last), read);
        }
        try {
            Object decoded = want.decodeState(state);
            if (decoded == null || !Arrays.equals(state, want.encodeState(decoded))) {
                return Head.rebound(read.snapshot, RulesBinding.absent(state, want, "the registered rules do not "
                        + "read the state at version " + read.version() + " back as it was", last), read);
            }
            String differs = differences(want, last);
            if (differs != null) {
                return Head.rebound(read.snapshot, RulesBinding.absent(state, want, "the registered rules (version "
                        + want.rulesVersion() + ") do not reproduce this game: " + differs, last), read);
            }
            return Head.rebound(new Snapshot<>(decoded, read.version(), read.hash()),
                    RulesBinding.present(want, last), read);
        } catch (RuntimeException | LinkageError e) {
            return Head.rebound(read.snapshot, RulesBinding.absent(state, want,
                    "the registered rules cannot read the state at version " + read.version() + ": " + e, last), read);
        }
    }

    /** @return how {@code want} plays this game differently from the rules that made it, or null if it does not */
    private String differences(StateMachine<Object, Object> want, RulesBinding.LastCommit last) {
        if (!Arrays.equals(initialStateDigest, initialStateDigest(spec, want))) {
            return "they start the game from another initial state";
        }
        if (last == null) {
            return null;
        }
        Object after = want.apply(want.decodeState(last.before), want.decodeOperation(last.operation));
        if (after == null || !Arrays.equals(last.afterDigest, StateHash.digest(want.encodeState(after)))) {
            return "the operation of version " + last.version + " gives another state with them";
        }
        return null;
    }

    private static byte[] initialStateDigest(GameSpec spec, StateMachine<Object, Object> rules) {
        return StateHash.digest(callRules(spec, () -> rules.encodeState(rules.initialState(spec)), "initialState"));
    }
}
