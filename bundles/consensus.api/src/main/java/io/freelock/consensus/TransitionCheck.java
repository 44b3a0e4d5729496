package io.freelock.consensus;

import java.util.Objects;

/**
 * The result of {@link GameEngine#validateTransition}: whether re-executing the operation from the claimed
 * starting state leads to the claimed hash and, where the engine holds the state with that hash, to the same
 * state byte for byte. Immutable.
 */
public final class TransitionCheck {

    /** What the re-execution found. */
    public enum Verdict {
        /** The operation applies, the hash matches and (if the target is held) so does the state. */
        VALID,
        /** The rules or a validator refuse the operation in the starting state. */
        REFUSED,
        /** The operation applies, but the resulting hash is not the claimed one. */
        HASH_MISMATCH,
        /** The hash matches, but the state the engine holds under it differs from the re-executed one. */
        STATE_MISMATCH
    }

    private final Verdict verdict;
    private final StateHash recomputedHash;
    private final boolean targetStateCompared;
    private final String detail;

    /**
     * @param recomputedHash the hash re-execution gives, or null if the operation was refused
     * @param targetStateCompared whether the engine held the target state and compared it
     * @param detail what differed or why it was refused; empty when valid
     */
    public TransitionCheck(Verdict verdict, StateHash recomputedHash, boolean targetStateCompared, String detail) {
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.recomputedHash = recomputedHash;
        this.targetStateCompared = targetStateCompared;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public Verdict verdict() {
        return verdict;
    }

    /** @return whether the transition checks out */
    public boolean isValid() {
        return verdict == Verdict.VALID;
    }

    /** @return the hash re-execution gives; null if the operation was refused */
    public StateHash recomputedHash() {
        return recomputedHash;
    }

    /** @return whether the target state was held by the engine and compared byte for byte */
    public boolean targetStateCompared() {
        return targetStateCompared;
    }

    /** @return what differed, or why it was refused; empty when valid */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return verdict + (detail.isEmpty() ? "" : ": " + detail);
    }
}
