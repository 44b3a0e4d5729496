package io.freelock.storage;

import java.util.Objects;

import io.freelock.consensus.StateHash;

/**
 * One row of a journal: the canonical bytes of the operation that produced version {@link #version()}, the digest
 * of the state it produced, that version's hash, and the evidence that the participants agreed to it: the signed
 * proposal and votes that committed it, or nothing for an operation the host applied directly. Immutable (the bytes
 * are copied in and out).
 */
public final class JournalRecord {

    private final long version;
    private final StateHash hash;
    private final byte[] operation;
    private final byte[] stateDigest;
    private final byte[] evidence;

    /**
     * @param stateDigest {@link StateHash#digest} of the state the operation produced: 32 bytes
     * @param evidence the canonical bytes of the signed proposal and votes that committed the operation (the engine
     *        defines their layout); empty for an operation the host applied directly
     * @throws IllegalArgumentException if {@code version} is not positive or the digest is not 32 bytes
     */
    public JournalRecord(long version, StateHash hash, byte[] operation, byte[] stateDigest, byte[] evidence) {
        if (version < 1) {
            throw new IllegalArgumentException("a journal row's version is 1 or more, not " + version);
        }
        if (Objects.requireNonNull(stateDigest, "state digest").length != StateHash.LENGTH) {
            throw new IllegalArgumentException("a journal row's state digest has " + StateHash.LENGTH + " bytes, not "
                    + stateDigest.length);
        }
        this.version = version;
        this.hash = Objects.requireNonNull(hash, "hash");
        this.operation = Objects.requireNonNull(operation, "operation").clone();
        this.stateDigest = stateDigest.clone();
        this.evidence = Objects.requireNonNull(evidence, "evidence").clone();
    }

    public long version() {
        return version;
    }

    /** @return the hash of {@link #version()}: it chains from the previous version's through the operation and the state digest */
    public StateHash hash() {
        return hash;
    }

    /** @return a copy of the operation's canonical bytes */
    public byte[] operation() {
        return operation.clone();
    }

    /** @return a copy of the 32-byte digest of the state this row's operation produced */
    public byte[] stateDigest() {
        return stateDigest.clone();
    }

    /** @return a copy of the evidence: the signed proposal and votes; empty for an operation applied directly */
    public byte[] evidence() {
        return evidence.clone();
    }

    /** @return whether the host applied this row's operation directly, without a signed proposal */
    public boolean isDirect() {
        return evidence.length == 0;
    }

    /** @return whether this row's hash is the one the chain gives after {@code previous} */
    public boolean chainsFrom(StateHash previous) {
        return previous.next(operation, stateDigest).equals(hash);
    }

    @Override
    public String toString() {
        return "v" + version + " " + hash.shortHex() + " (" + operation.length + " bytes"
                + (isDirect() ? ", direct" : ", with " + evidence.length + " bytes of evidence") + ")";
    }
}
