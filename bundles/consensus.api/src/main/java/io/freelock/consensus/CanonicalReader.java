package io.freelock.consensus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link CanonicalWriter} wrote, strictly: a boolean byte other than 0 or 1, a length beyond the bytes
 * left or beyond the caller's limit, invalid UTF-8, or bytes left over at {@link #expectEnd()} are refused with
 * an {@link IllegalArgumentException}, so that only canonical bytes decode. Not thread-safe.
 */
public final class CanonicalReader {

    private final byte[] bytes;
    private int position;

    /** @param bytes what to read; not copied, so the caller must not change it while reading */
    public CanonicalReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return the next byte, 0..255 */
    public int readByte() {
        need(1, "a byte");
        return bytes[position++] & 0xff;
    }

    /** @return the next byte as a boolean; refuses anything but 0 and 1 */
    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw malformed("a boolean byte is " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    /** @return the next 4 bytes as a big-endian int */
    public int readInt() {
        need(4, "an int");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    /** @return the next 8 bytes as a big-endian long */
    public long readLong() {
        need(8, "a long");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    /** @return the next {@code length} bytes */
    public byte[] readFixed(int length) {
        need(length, length + " bytes");
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    /** @return a length-prefixed byte string of at most {@code maxLength} bytes */
    public byte[] readBytes(int maxLength) {
        int length = readInt();
        if (length < 0 || length > maxLength) {
            throw malformed("a length of " + length + " is outside 0.." + maxLength);
        }
        return readFixed(length);
    }

    /** @return a length-prefixed UTF-8 string of at most {@code maxBytes} bytes */
    public String readString(int maxBytes) {
        byte[] utf8 = readBytes(maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("a string is not valid UTF-8");
        }
    }

    /** @return the next 32 bytes as a hash */
    public StateHash readHash() {
        return StateHash.of(readFixed(StateHash.LENGTH));
    }

    /** @return how many bytes are left */
    public int remaining() {
        return bytes.length - position;
    }

    /** Refuses bytes left over after the value: a canonical encoding has none. */
    public void expectEnd() {
        if (position != bytes.length) {
            throw malformed((bytes.length - position) + " bytes left over after the value");
        }
    }

    private void need(int count, String what) {
        if (count < 0 || bytes.length - position < count) {
            throw malformed("expected " + what + " at byte " + position + " of " + bytes.length);
        }
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed canonical bytes: " + why);
    }
}
