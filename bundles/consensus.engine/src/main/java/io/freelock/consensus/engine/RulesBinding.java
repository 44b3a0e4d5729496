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

    private final StateMachine<Object, Object> rules;
    private final StateMachine<Object, Object> refused;
    private final byte[] savedState;
    private final String why;

    private RulesBinding(StateMachine<Object, Object> rules, StateMachine<Object, Object> refused, byte[] savedState,
            String why) {
        this.rules = rules;
        this.refused = refused;
        this.savedState = savedState;
        this.why = why;
    }

    static RulesBinding present(StateMachine<Object, Object> rules) {
        return new RulesBinding(rules, null, null, "");
    }

    /**
     * @param savedState the last state's canonical bytes; null if even those could not be had
     * @param refused the registered rules that could not take the state over, or null if none is registered
     */
    static RulesBinding absent(byte[] savedState, StateMachine<Object, Object> refused, String why) {
        return new RulesBinding(null, refused, savedState, why);
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
