package io.freelock.consensus;

import java.util.Objects;

/**
 * One committed state of a game: the state, its version (0 for the initial state, then exactly one more per
 * committed operation) and its hash in the chain {@link StateHash} describes. Immutable, as long as the state is
 * (a {@link StateMachine}'s states must be).
 *
 * @param <S> the game's state type
 */
public final class Snapshot<S> {

    private final S state;
    private final long version;
    private final StateHash hash;

    /**
     * @param state the game's state; not null
     * @param version its version, 0 or more
     * @param hash its hash
     */
    public Snapshot(S state, long version, StateHash hash) {
        if (version < 0) {
            throw new IllegalArgumentException("version " + version + " is negative");
        }
        this.state = Objects.requireNonNull(state, "state");
        this.version = version;
        this.hash = Objects.requireNonNull(hash, "hash");
    }

    /** @return the game's state */
    public S state() {
        return state;
    }

    /** @return 0 for the initial state, n after n committed operations */
    public long version() {
        return version;
    }

    /** @return the state's hash in the game's chain */
    public StateHash hash() {
        return hash;
    }

    @Override
    public String toString() {
        return "v" + version + " " + hash.shortHex();
    }
}
