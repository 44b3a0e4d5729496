package io.freelock.consensus;

import java.util.Objects;

/**
 * An operation was installed in the game's state, but its journal did not confirm it within the engine's wait
 * (synchronous durability): it is <b>not acknowledged</b>. Unlike a {@link RefusedException}, the state did change:
 * later operations build on it, and the journal writes it when the database is back. If the process ends before
 * that, the operation is lost, as an operation that was never acknowledged may be.
 */
public class NotDurableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Snapshot<?> installed;

    /**
     * @param installed the snapshot the operation produced
     * @param detail why the journal did not confirm it, for a person reading a log
     */
    public NotDurableException(Snapshot<?> installed, String detail) {
        super("NOT_DURABLE: " + Objects.requireNonNull(detail, "detail"));
        this.installed = Objects.requireNonNull(installed, "installed");
    }

    /** @return the snapshot the operation produced, in memory only so far */
    public Snapshot<?> installed() {
        return installed;
    }
}
