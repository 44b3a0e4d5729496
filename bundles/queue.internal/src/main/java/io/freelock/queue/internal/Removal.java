package io.freelock.queue.internal;

import java.util.Objects;

/**
 * The removal policy every queue shares: elements leave at the head only, by {@code poll} or {@code drain}.
 * Removing from the middle ({@code remove(Object)}, {@code removeIf}, {@code removeAll}, {@code retainAll},
 * {@code Iterator.remove}) is refused with one message, after the argument checks the {@code Collection} contract
 * puts first (a null filter or collection is a {@link NullPointerException}, as in the JDK's queues).
 */
public final class Removal {

    private Removal() {
    }

    /**
     * @param queue what refuses, for the message (for example "an SPSC ring")
     * @return the exception to throw
     */
    public static UnsupportedOperationException refused(String queue) {
        return new UnsupportedOperationException(queue + " removes elements only at its head, by poll or drain");
    }

    /**
     * The refusal of a bulk removal: first the contract's null check of its argument, then {@link #refused}.
     *
     * @throws NullPointerException if {@code argument} is null
     */
    public static UnsupportedOperationException refused(String queue, Object argument) {
        Objects.requireNonNull(argument, "null filter or collection");
        return refused(queue);
    }
}
