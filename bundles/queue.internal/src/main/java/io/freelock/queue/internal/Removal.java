package io.freelock.queue.internal;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the queues' removal from the middle shares: {@code removeAll} and {@code retainAll} as the filter each queue's
 * own removal walk takes, after the null check the {@code Collection} contract puts before any change.
 */
public final class Removal {

    private Removal() {
    }

    /**
     * @return the filter of {@code removeAll(c)}: the elements {@code c} contains
     * @throws NullPointerException if {@code c} is null
     */
    public static Predicate<Object> containedIn(Collection<?> c) {
        Objects.requireNonNull(c, "null collection");
        return c::contains;
    }

    /**
     * @return the filter of {@code retainAll(c)}: the elements {@code c} does not contain
     * @throws NullPointerException if {@code c} is null
     */
    public static Predicate<Object> notContainedIn(Collection<?> c) {
        Objects.requireNonNull(c, "null collection");
        return e -> !c.contains(e);
    }
}
