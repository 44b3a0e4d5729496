package io.freelock.benchmarks;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * The smallest game: the state is a count and an operation adds a positive amount. Its {@link #apply} is the pure
 * state function that both the engine and the bare {@code AtomicReference} baseline run.
 */
public final class CounterGame implements StateMachine<Long, Long> {

    public static final String TYPE = "counter";

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
        return decodeState(bytes);
    }
}
