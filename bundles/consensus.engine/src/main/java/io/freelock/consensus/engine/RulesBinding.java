package io.freelock.consensus.engine;

import io.freelock.consensus.StateMachine;

/**
 * Which rules an engine plays now. Present: the {@link StateMachine} service the engine runs. Absent: no usable
 * service, with the canonical bytes of the last state (encoded by the departing rules while they were still there)
 * so that the next rules decode it into their own classes, and the reason for a person to read. Immutable; it is
 * part of the engine's {@link Head}, so a rebind and a commit race through one compare-and-swap and an operation
 * never commits with rules that have left.
 */
final class RulesBinding {

    /**
     * The game's last commit in bytes any rules can read, kept across rebinds so that rules arriving later can be
     * asked to reproduce it: the state before it, its operation, and the digest of the state it gave.
     */
    static final class LastCommit {
        final long version;
        final byte[] before;
        final byte[] operation;
        final byte[] afterDigest;

        LastCommit(long version, byte[] before, byte[] operation, byte[] afterDigest) {
            this.version = version;
            this.before = before;
            this.operation = operation;
            this.afterDigest = afterDigest;
        }
    }

    private final StateMachine<Object, Object> rules;
    private final StateMachine<Object, Object> refused;
    private final byte[] savedState;
    private final String why;
    /** The last commit as bytes, kept when the rules were rebound; null if none was made or it could not be had. */
    private final LastCommit lastCommit;

    private RulesBinding(StateMachine<Object, Object> rules, StateMachine<Object, Object> refused, byte[] savedState,
            String why, LastCommit lastCommit) {
        this.rules = rules;
        this.refused = refused;
        this.savedState = savedState;
        this.why = why;
        this.lastCommit = lastCommit;
    }

    static RulesBinding present(StateMachine<Object, Object> rules) {
        return present(rules, null);
    }

    static RulesBinding present(StateMachine<Object, Object> rules, LastCommit lastCommit) {
        return new RulesBinding(rules, null, null, "", lastCommit);
    }

    /**
     * @param savedState the last state's canonical bytes; null if even those could not be had
     * @param refused the registered rules that could not take the state over, or null if none is registered
     */
    static RulesBinding absent(byte[] savedState, StateMachine<Object, Object> refused, String why,
            LastCommit lastCommit) {
        return new RulesBinding(null, refused, savedState, why, lastCommit);
    }

    /** @return the last commit as bytes, as kept at the last rebind; null if none */
    LastCommit lastCommit() {
        return lastCommit;
    }

    /** @return the rules, or null while absent */
    StateMachine<Object, Object> rules() {
        return rules;
    }

    boolean isPresent() {
        return rules != null;
    }

    /** @return the last state's bytes while absent; null when present or lost */
    byte[] savedState() {
        return savedState;
    }

    /** @return why the rules are absent */
    String why() {
        return why;
    }

    /**
     * @param wanted the best registered rules now, or null
     * @return whether this binding already reflects {@code wanted}: it plays them, or it is absent and they are
     *         null or the very rules it refused
     */
    boolean reflects(StateMachine<Object, Object> wanted) {
        return rules != null ? rules == wanted : wanted == null || wanted == refused;
    }
}
