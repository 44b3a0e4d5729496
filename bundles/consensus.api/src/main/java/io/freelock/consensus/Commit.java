package io.freelock.consensus;

import java.util.Objects;

/**
 * One committed operation: the snapshots before and after it, the operation and its canonical bytes (what the
 * hash chain and a journal record). Immutable.
 *
 * @param <S> the game's state type
 * @param <O> the game's operation type
 */
public final class Commit<S, O> {

    private final Snapshot<S> before;
    private final Snapshot<S> after;
    private final O operation;
    private final byte[] encodedOperation;

    public Commit(Snapshot<S> before, Snapshot<S> after, O operation, byte[] encodedOperation) {
        this.before = Objects.requireNonNull(before, "before");
        this.after = Objects.requireNonNull(after, "after");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.encodedOperation = Objects.requireNonNull(encodedOperation, "encoded operation").clone();
    }

    /** @return the snapshot the operation was applied to */
    public Snapshot<S> before() {
        return before;
    }

    /** @return the snapshot it produced: version {@code before().version() + 1} */
    public Snapshot<S> after() {
        return after;
    }

    public O operation() {
        return operation;
    }

    /** @return a copy of the canonical operation bytes */
    public byte[] encodedOperation() {
        return encodedOperation.clone();
    }

    @Override
    public String toString() {
        return before + " -> " + after;
    }
}
