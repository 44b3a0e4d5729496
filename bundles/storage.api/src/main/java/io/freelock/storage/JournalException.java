package io.freelock.storage;

import java.util.Objects;

/**
 * A journal operation that did not happen. The message names the game and, where there is one, the version; it
 * never carries a password.
 */
public class JournalException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The database cannot be reached, or refused the work (credentials, schema, a failed transaction). */
        UNAVAILABLE,
        /** A row or snapshot does not check out: a gap, a broken hash chain, a bad checksum. */
        CORRUPT,
        /** An append or snapshot that does not fit the journal as it is (a version not after the head, say). */
        CONFLICT,
        /** The store holds a game with the id asked for, but of another type or genesis. */
        MISMATCH
    }

    private final Kind kind;
    private final String gameId;
    private final long version;

    /**
     * @param gameId the game, or null if the problem is the store's rather than one game's
     * @param version the version concerned, or -1 if none
     */
    public JournalException(Kind kind, String gameId, long version, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.gameId = gameId;
        this.version = version;
    }

    public JournalException(Kind kind, String gameId, long version, String message) {
        this(kind, gameId, version, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** @return the game concerned, or null if the problem is the store's */
    public String gameId() {
        return gameId;
    }

    /** @return the version concerned, or -1 */
    public long version() {
        return version;
    }
}
