package io.freelock.consensus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds the canonical bytes that Freelock hashes and signs: integers big-endian, booleans as one byte 0 or 1,
 * variable-length values (byte strings, UTF-8 strings) preceded by their length as a 4-byte int. Because every
 * variable part carries its length, two different sequences of values never give the same bytes, so a hash of
 * them names the values and nothing else. Not thread-safe; cheap to make.
 */
public final class CanonicalWriter {

    private byte[] buffer;
    private int size;

    /** A writer with room for 64 bytes to start with; it grows as needed. */
    public CanonicalWriter() {
        this(64);
    }

    /** @param capacity the bytes the caller expects to write: enough, and the buffer is never grown and copied */
    CanonicalWriter(int capacity) {
        buffer = new byte[capacity];
    }

    /** @return this, after one byte: the low 8 bits of {@code value} */
    public CanonicalWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** @return this, after one byte: 1 for true, 0 for false */
    public CanonicalWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    /** @return this, after 4 bytes, big-endian */
    public CanonicalWriter writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** @return this, after 8 bytes, big-endian */
    public CanonicalWriter writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** @return this, after the bytes as they are, without a length: for values whose length is fixed */
    public CanonicalWriter writeFixed(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** @return this, after the length of {@code bytes} (4 bytes) and the bytes */
    public CanonicalWriter writeBytes(byte[] bytes) {
        return writeInt(bytes.length).writeFixed(bytes);
    }

    /** @return this, after the length of the UTF-8 form of {@code text} (4 bytes) and that form */
    public CanonicalWriter writeString(String text) {
        return writeBytes(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return this, after the 32 bytes, without a length
     * @since 1.4
     */
    public CanonicalWriter writeFixed(Bytes32 value) {
        return writeFixed(value.bytesUnsafe()); // only read: copied into the buffer
    }

    /** @return this, after the 32 bytes of the hash, without a length */
    public CanonicalWriter writeHash(StateHash hash) {
        return writeFixed(hash.bytesUnsafe());
    }

    /** @return a copy of the bytes written so far */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** @return the SHA-256 digest of the bytes written so far (32 bytes) */
    public byte[] sha256() {
        return sha256(buffer, 0, size);
    }

    /**
     * One SHA-256 per thread, so that hashing on the engine's hot path looks no provider up and builds no digest.
     * The value is a JDK class, which holds nothing of this bundle's class loader, so a thread that outlives the bundle
     * keeps no class of it alive (the key, this field's {@code ThreadLocal}, is only weakly held by the thread).
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(CanonicalWriter::newSha256);

    /**
     * @return the SHA-256 digest of {@code length} bytes of {@code bytes} from {@code offset}, with this thread's
     *         digest: it is used from start to finish inside this method and calls out to nothing, so no caller can
     *         find it half-fed, and {@link MessageDigest#digest()} leaves it reset for the next use
     */
    static byte[] sha256(byte[] bytes, int offset, int length) {
        MessageDigest digest = SHA256.get();
        try {
            digest.update(bytes, offset, length);
            return digest.digest();
        } catch (RuntimeException e) {
            digest.reset(); // bad bounds: leave nothing half-fed behind for the thread's next hash
            throw e;
        }
    }

    /** @return a fresh SHA-256 digest; every Java platform has one */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256, which every Java platform must have", e);
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
