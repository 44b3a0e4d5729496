package io.freelock.consensus.ratis;

import java.util.Arrays;

import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * A game for replication tests: an operation is a ticket number; the state marks each ticket seen, counts the
 * operations applied and how many of them carried a ticket already marked. So a test can tell an acknowledged
 * operation that is missing (its mark is not set) from one applied twice (the duplicate count is not 0). A rules
 * object made with a {@code divergeAt} applies the operation that brings the count to that number wrongly (it counts
 * a duplicate that is not), so that server's copy parts from the others.
 */
final class LedgerRules implements StateMachine<LedgerRules.Ledger, Long> {

    static final String TYPE = "ledger";
    static final int TICKETS = 1 << 14;

    /** Immutable. */
    static final class Ledger {
        final byte[] marks;
        final int count;
        final int duplicates;

        Ledger(byte[] marks, int count, int duplicates) {
            this.marks = marks;
            this.count = count;
            this.duplicates = duplicates;
        }

        boolean has(long ticket) {
            return (marks[(int) (ticket >>> 3)] & (1 << (ticket & 7))) != 0;
        }
    }

    private final int divergeAt;

    LedgerRules() {
        this(-1);
    }

    LedgerRules(int divergeAt) {
        this.divergeAt = divergeAt;
    }

    @Override
    public Ledger initialState(GameSpec spec) {
        return new Ledger(new byte[TICKETS / 8], 0, 0);
    }

    @Override
    public Ledger apply(Ledger state, Long ticket) {
        if (ticket < 0 || ticket >= TICKETS) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION, "ticket " + ticket + " is not in 0.." + TICKETS);
        }
        byte[] marks = state.marks.clone();
        boolean seen = state.has(ticket);
        marks[(int) (ticket >>> 3)] |= (byte) (1 << (ticket & 7));
        int count = state.count + 1;
        boolean wrong = count == divergeAt;
        return new Ledger(marks, count, state.duplicates + (seen || wrong ? 1 : 0));
    }

    @Override
    public byte[] encodeState(Ledger state) {
        return new CanonicalWriter().writeInt(state.count).writeInt(state.duplicates).writeBytes(state.marks)
                .toByteArray();
    }

    @Override
    public Ledger decodeState(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        Ledger ledger = new Ledger(null, in.readInt(), in.readInt());
        byte[] marks = in.readBytes(TICKETS / 8);
        in.expectEnd();
        if (marks.length != TICKETS / 8) {
            throw new IllegalArgumentException("a ledger has " + TICKETS / 8 + " bytes of marks, not " + marks.length);
        }
        return new Ledger(marks, ledger.count, ledger.duplicates);
    }

    @Override
    public byte[] encodeOperation(Long ticket) {
        return new CanonicalWriter().writeLong(ticket).toByteArray();
    }

    @Override
    public Long decodeOperation(byte[] bytes) {
        try {
            CanonicalReader in = new CanonicalReader(bytes);
            long ticket = in.readLong();
            in.expectEnd();
            return ticket;
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, e.getMessage());
        }
    }

    @Override
    public String describeState(Ledger state) {
        return "ledger of " + state.count + " operations, " + state.duplicates + " duplicates, marks "
                + Arrays.hashCode(state.marks);
    }
}
