package io.freelock.storage;

import java.util.Objects;

import io.freelock.consensus.StateHash;

/**
 * What names one instance of a game in its journal, recorded when the journal is created: the instance value and
 * rules version the engine bound into the genesis hash, and that hash. An engine opening the game again reads them
 * back to rebuild the same genesis. Immutable.
 */
public final class JournalGenesis {

    private final String instance;
    private final String rulesVersion;
    private final StateHash hash;

    /** @throws IllegalArgumentException if {@code instance} is not 64 lower-case hex digits */
    public JournalGenesis(String instance, String rulesVersion, StateHash hash) {
        if (!Objects.requireNonNull(instance, "instance").matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a game instance is 64 lower-case hex digits, not '" + instance + "'");
        }
        this.instance = instance;
        this.rulesVersion = Objects.requireNonNull(rulesVersion, "rules version");
        this.hash = Objects.requireNonNull(hash, "genesis hash");
    }

    /** @return the game instance's 64 hex digits (see {@link io.freelock.consensus.GameSpec#instance()}) */
    public String instance() {
        return instance;
    }

    /** @return the version of the rules the game was opened with */
    public String rulesVersion() {
        return rulesVersion;
    }

    /** @return the hash of version 0 */
    public StateHash hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalGenesis && ((JournalGenesis) o).instance.equals(instance)
                && ((JournalGenesis) o).rulesVersion.equals(rulesVersion) && ((JournalGenesis) o).hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instance, rulesVersion, hash);
    }

    @Override
    public String toString() {
        return "genesis " + hash.shortHex() + " (instance " + instance.substring(0, 12) + ", rules " + rulesVersion
                + ")";
    }
}
