package io.freelock.consensus;

import java.util.Objects;

/**
 * Something was refused: bad input, a rule of the game, or an engine that cannot serve the request now. Whatever
 * threw it left the game's state as it was. The message is {@code REASON: detail}, e.g.
 * {@code BET_ABOVE_BALANCE: alice bets 500 with 100 chips}.
 */
public class RefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RefusalReason reason;
    private final String detail;

    /**
     * @param reason why
     * @param detail what exactly, for a person reading a log; not null
     */
    public RefusedException(RefusalReason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * @param reason why
     * @param detail what exactly, for a person reading a log; not null
     * @param cause what the refusal was caused by, or null
     */
    public RefusedException(RefusalReason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").name() + ": " + Objects.requireNonNull(detail, "detail"),
                cause);
        this.reason = reason;
        this.detail = detail;
    }

    /** @return why it was refused */
    public RefusalReason reason() {
        return reason;
    }

    /** @return the message without the reason's name */
    public String detail() {
        return detail;
    }
}
