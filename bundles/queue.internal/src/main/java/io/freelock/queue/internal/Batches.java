package io.freelock.queue.internal;

import java.util.Objects;

/** The argument checks of {@code fill} and {@code drain}, the same on every queue. */
public final class Batches {

    private Batches() {
    }

    /**
     * @param callback the supplier of a fill or the consumer of a drain
     * @param role what {@code callback} is, for the message: "supplier" or "consumer"
     * @param limit the most elements the call may move
     * @throws NullPointerException if {@code callback} is null
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static void check(Object callback, String role, int limit) {
        Objects.requireNonNull(callback, () -> "null " + role);
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " is negative");
        }
    }
}
