package io.freelock.consensus.engine;

import java.util.Locale;

/** When an engine acknowledges a committed operation, relative to its journal. */
public enum Durability {
    /** No journal: the game lives in memory only and dies with the process. */
    NONE,
    /** Acknowledged at once; the journal follows, at most a configured number of operations behind. */
    ASYNC,
    /** Acknowledged only once the journal has committed it. */
    SYNC;

    /**
     * @param text {@code none}, {@code async} or {@code sync}, in any case
     * @throws IllegalArgumentException naming the allowed values otherwise
     */
    public static Durability parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("durability '" + text + "' is none of sync, async, none");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
