package io.freelock.consensus.testkit;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * The simplest game, the one every test, stress test, load test and benchmark plays when what it looks at is the
 * engine or the journal, not the rules: the state is a count, an operation adds a positive amount to it (0 or less is
 * refused as an illegal operation). Both are encoded as one canonical 8-byte long. A game's spec may set the count it
 * starts from with the option {@value #START}.
 *
 * <p>Its {@link #apply} is as cheap as a pure state function can be, so that a benchmark can run it on a bare
 * {@code AtomicReference} as the baseline the engine is measured against. Not final: a test may extend it to make the
 * rules misbehave (impure, slow, inconsistent) or to count their calls.
 */
public class CounterGame implements StateMachine<Long, Long> {

    /** The game type the counter game is registered under, unless a test needs two of them side by side. */
    public static final String TYPE = "counter";
    /** The option of a {@link GameSpec} that sets the count a game starts from; 0 without it. */
    public static final String START = "start";

    @Override
    public Long initialState(GameSpec spec) {
        return Long.parseLong(spec.options().getOrDefault(START, "0"));
    }

    /** @throws RefusedException ILLEGAL_OPERATION if {@code operation} is 0 or less */
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

    /** @throws IllegalArgumentException unless {@code bytes} are exactly one canonical long */
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

    /** @throws RefusedException MALFORMED_OPERATION unless {@code bytes} are exactly one canonical long */
    @Override
    public Long decodeOperation(byte[] bytes) {
        try {
            return decodeState(bytes);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, e.getMessage());
        }
    }

    /** @return the amount of {@code add <n>} */
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
