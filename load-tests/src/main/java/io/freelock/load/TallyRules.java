package io.freelock.load;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * The load test's game: the state is a running total, an operation adds a positive amount. It is as cheap as a game
 * can be, so that what the load test measures is the engine and the journal, not the rules.
 */
public final class TallyRules implements StateMachine<Long, Long> {

    public static final String TYPE = "tally";

    @Override
    public Long initialState(GameSpec spec) {
        return 0L;
    }

    @Override
    public Long apply(Long state, Long operation) {
        if (operation <= 0) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION, "adds " + operation + "; only positive amounts");
        }
        return state + operation;
    }

    @Override
    public byte[] encodeState(Long state) {
        return new CanonicalWriter().writeLong(state).toByteArray();
    }

    @Override
    public Long decodeState(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        long value = in.readLong();
        in.expectEnd();
        return value;
    }

    @Override
    public byte[] encodeOperation(Long operation) {
        return encodeState(operation);
    }

    @Override
    public Long decodeOperation(byte[] bytes) {
        try {
            return decodeState(bytes);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, e.getMessage());
        }
    }
}
