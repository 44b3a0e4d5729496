package io.freelock.storage;

import java.util.Objects;

import io.freelock.consensus.StateHash;

/** A version of a game and the hash of that version in its chain. Immutable. */
public final class JournalPosition {

    private final long version;
    private final StateHash hash;

    /** @throws IllegalArgumentException if {@code version} is negative */
    public JournalPosition(long version, StateHash hash) {
        if (version < 0) {
            throw new IllegalArgumentException("version " + version + " is negative");
        }
        this.version = version;
        this.hash = Objects.requireNonNull(hash, "hash");
    }

    public long version() {
        return version;
    }

    public StateHash hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalPosition && ((JournalPosition) o).version == version
                && ((JournalPosition) o).hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + hash.hashCode();
    }

    @Override
    public String toString() {
        return "v" + version + " " + hash.shortHex();
    }
}
