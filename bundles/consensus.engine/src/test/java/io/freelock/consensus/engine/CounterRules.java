package io.freelock.consensus.engine;

import java.util.concurrent.atomic.AtomicInteger;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * The simplest game: the state is a count, an operation adds a positive amount to it. Amounts of 0 or less are
 * refused. Counts its own apply calls, so tests can tell which of two registered rules an engine plays.
 */
class CounterRules implements StateMachine<Long, Long> {

    static final String TYPE = "counter";

    final AtomicInteger applyCalls = new AtomicInteger();

    @Override
    public Long initialState(GameSpec spec) {
        return Long.parseLong(spec.options().getOrDefault("start", "0"));
    }

    @Override
    public Long apply(Long state, Long operation) {
        applyCalls.incrementAndGet();
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
        return new CanonicalWriter().writeLong(operation).toByteArray();
    }

    @Override
    public Long decodeOperation(byte[] bytes) {
        try {
            return decodeState(bytes);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, e.getMessage());
        }
    }

    @Override
    public Long parseOperation(String text) {
        String[] words = text.trim().split("\\s+");
        if (words.length != 2 || !words[0].equals("add")) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, "'" + text + "' is not 'add <n>'");
        }
        return Long.parseLong(words[1]);
    }

    @Override
    public String describeOperation(Long operation) {
        return "add " + operation;
    }

    @Override
    public String describeState(Long state) {
        return "count " + state;
    }
}
