package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.CanonicalReader;
import io.freelock.consensus.CanonicalWriter;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * The canonical bytes of craps states and operations, in {@link CanonicalWriter} form.
 * <pre>
 * state:  string "craps/state/v2", 32 bytes table key, long bond, long round, byte phase, byte point, int shooter, byte step, long rolls,
 *         long house, boolean hasLastRoll [byte die1, byte die2],
 *         int seats { string player, long balance, long escrow, boolean hasCommitment [32 bytes], boolean hasReveal [32 bytes] },
 *         int bets { int seat, byte kind, byte point, long amount }          (bets in canonical order)
 * operation: byte tag, then
 *         1 PlaceBet:    string player, byte kind, long amount
 *         2 CommitDice:  string player, 32 bytes commitment
 *         3 RevealDice:  string player, 32 bytes nonce
 *         4 CloseWindow: long round
 * </pre>
 * Enums are written as their ordinal. Decoding is strict: anything left over or out of range is refused.
 */
final class CrapsCodec {

    static final String STATE_FORMAT = "craps/state/v2";
    private static final int MAX_NAME = 256;
    private static final byte PLACE_BET = 1;
    private static final byte COMMIT_DICE = 2;
    private static final byte REVEAL_DICE = 3;
    private static final byte CLOSE_WINDOW = 4;

    private CrapsCodec() {
    }

    static byte[] encodeState(CrapsState s) {
        CanonicalWriter out = new CanonicalWriter().writeString(STATE_FORMAT).writeFixed(s.table())
                .writeLong(s.bond()).writeLong(s.round())
                .writeByte(s.phase().ordinal()).writeByte(s.point()).writeInt(s.shooter()).writeByte(s.step().ordinal())
                .writeLong(s.rolls()).writeLong(s.house()).writeBoolean(s.lastRoll().isPresent());
        s.lastRoll().ifPresent(r -> out.writeByte(r.die1()).writeByte(r.die2()));
        out.writeInt(s.seats().size());
        for (Seat seat : s.seats()) {
            out.writeString(seat.player()).writeLong(seat.balance()).writeLong(seat.escrow());
            writeOptional(out, seat.commitment());
            writeOptional(out, seat.reveal());
        }
        out.writeInt(s.bets().size());
        for (Bet bet : s.bets()) {
            out.writeInt(bet.seat()).writeByte(bet.kind().ordinal()).writeByte(bet.point()).writeLong(bet.amount());
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a canonical state */
    static CrapsState decodeState(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        String format = in.readString(MAX_NAME);
        if (!STATE_FORMAT.equals(format)) {
            throw new IllegalArgumentException("state format '" + format + "', not " + STATE_FORMAT);
        }
        Bytes32 table = Bytes32.of(in.readFixed(Bytes32.LENGTH));
        long bond = in.readLong();
        long round = in.readLong();
        Phase phase = enumOf(Phase.values(), in.readByte(), "phase");
        int point = in.readByte();
        int shooter = in.readInt();
        DiceStep step = enumOf(DiceStep.values(), in.readByte(), "dice step");
        long rolls = in.readLong();
        long house = in.readLong();
        Roll lastRoll = in.readBoolean() ? new Roll(in.readByte(), in.readByte()) : null;
        int seatCount = count(in);
        List<Seat> seats = new ArrayList<>(seatCount);
        for (int i = 0; i < seatCount; i++) {
            seats.add(new Seat(in.readString(MAX_NAME), in.readLong(), in.readLong(), readOptional(in),
                    readOptional(in)));
        }
        int betCount = count(in);
        List<Bet> bets = new ArrayList<>(betCount);
        for (int i = 0; i < betCount; i++) {
            int seat = in.readInt();
            BetKind kind = enumOf(BetKind.values(), in.readByte(), "bet kind");
            int betPoint = in.readByte();
            bets.add(new Bet(seat, kind, in.readLong(), betPoint));
        }
        in.expectEnd();
        return new CrapsState(table, bond, round, phase, point, shooter, step, rolls, house, lastRoll, seats, bets);
    }

    static byte[] encodeOperation(CrapsOperation operation) {
        CanonicalWriter out = new CanonicalWriter();
        if (operation instanceof CrapsOperation.PlaceBet bet) {
            out.writeByte(PLACE_BET).writeString(bet.player()).writeByte(bet.kind().ordinal()).writeLong(bet.amount());
        } else if (operation instanceof CrapsOperation.CommitDice commit) {
            out.writeByte(COMMIT_DICE).writeString(commit.player()).writeFixed(commit.commitment());
        } else if (operation instanceof CrapsOperation.RevealDice reveal) {
            out.writeByte(REVEAL_DICE).writeString(reveal.player()).writeFixed(reveal.nonce());
        } else {
            out.writeByte(CLOSE_WINDOW).writeLong(((CrapsOperation.CloseWindow) operation).round());
        }
        return out.toByteArray();
    }

    /** @throws RefusedException {@link RefusalReason#MALFORMED_OPERATION} if the bytes are not an operation */
    static CrapsOperation decodeOperation(byte[] bytes) {
        try {
            CanonicalReader in = new CanonicalReader(bytes);
            int tag = in.readByte();
            CrapsOperation operation;
            switch (tag) {
                case PLACE_BET:
                    operation = new CrapsOperation.PlaceBet(in.readString(MAX_NAME),
                            enumOf(BetKind.values(), in.readByte(), "bet kind"), in.readLong());
                    break;
                case COMMIT_DICE:
                    operation = new CrapsOperation.CommitDice(in.readString(MAX_NAME),
                            Bytes32.of(in.readFixed(Bytes32.LENGTH)));
                    break;
                case REVEAL_DICE:
                    operation = new CrapsOperation.RevealDice(in.readString(MAX_NAME),
                            Bytes32.of(in.readFixed(Bytes32.LENGTH)));
                    break;
                case CLOSE_WINDOW:
                    operation = new CrapsOperation.CloseWindow(in.readLong());
                    break;
                default:
                    throw new IllegalArgumentException("operation tag " + tag + " is not 1..4");
            }
            in.expectEnd();
            return operation;
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, "not a craps operation: " + e.getMessage(), e);
        }
    }

    private static void writeOptional(CanonicalWriter out, Bytes32 value) {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeFixed(value);
        }
    }

    private static Bytes32 readOptional(CanonicalReader in) {
        return in.readBoolean() ? Bytes32.of(in.readFixed(Bytes32.LENGTH)) : null;
    }

    private static int count(CanonicalReader in) {
        int count = in.readInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("a count of " + count + " with " + in.remaining() + " bytes left");
        }
        return count;
    }

    private static <E extends Enum<E>> E enumOf(E[] values, int ordinal, String what) {
        if (ordinal >= values.length) {
            throw new IllegalArgumentException(what + " " + ordinal + " is not 0.." + (values.length - 1));
        }
        return values[ordinal];
    }
}
