package io.freelock.storage;

import java.util.Objects;

import io.freelock.consensus.StateHash;

/**
 * One row of a journal: the canonical bytes of the operation that produced version {@link #version()}, and that
 * version's hash. Immutable (the bytes are copied in and out).
 */
public final class JournalRecord {

    private final long version;
    private final StateHash hash;
    private final byte[] operation;

    /** @throws IllegalArgumentException if {@code version} is not positive */
    public JournalRecord(long version, StateHash hash, byte[] operation) {
        if (version < 1) {
            throw new IllegalArgumentException("a journal row's version is 1 or more, not " + version);
        }
        this.version = version;
        this.hash = Objects.requireNonNull(hash, "hash");
        this.operation = Objects.requireNonNull(operation, "operation").clone();
    }

    public long version() {
        return version;
    }

    /** @return the hash of {@link #version()}: SHA-256 of the previous version's hash and {@link #operation()} */
    public StateHash hash() {
        return hash;
    }

    /** @return a copy of the operation's canonical bytes */
    public byte[] operation() {
        return operation.clone();
    }

    /** @return the operation's length in bytes, without copying it */
    public int operationLength() {
        return operation.length;
    }

    /** @return whether this row's hash is the one the chain gives after {@code previous} */
    public boolean chainsFrom(StateHash previous) {
        return previous.next(operation).equals(hash);
    }

    @Override
    public String toString() {
        return "v" + version + " " + hash.shortHex() + " (" + operation.length + " bytes)";
    }
}
