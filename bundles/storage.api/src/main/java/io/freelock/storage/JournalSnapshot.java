package io.freelock.storage;

import java.util.Objects;

import io.freelock.consensus.StateHash;

/** A game's canonical state at a version, with that version's hash. Immutable (the bytes are copied in and out). */
public final class JournalSnapshot {

    private final long version;
    private final StateHash hash;
    private final byte[] state;

    /** @throws IllegalArgumentException if {@code version} is not positive */
    public JournalSnapshot(long version, StateHash hash, byte[] state) {
        if (version < 1) {
            throw new IllegalArgumentException("a snapshot's version is 1 or more, not " + version);
        }
        this.version = version;
        this.hash = Objects.requireNonNull(hash, "hash");
        this.state = Objects.requireNonNull(state, "state").clone();
    }

    public long version() {
        return version;
    }

    public StateHash hash() {
        return hash;
    }

    /** @return a copy of the state's canonical bytes */
    public byte[] state() {
        return state.clone();
    }

    @Override
    public String toString() {
        return "snapshot v" + version + " " + hash.shortHex() + " (" + state.length + " bytes)";
    }
}
