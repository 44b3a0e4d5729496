package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * Craps as a {@link StateMachine}, registered with {@code game.type=craps}. Stateless, so one instance serves every
 * table from any thread.
 *
 * <p><b>A table.</b> The participants sit in the game's participant order; each starts with the option
 * {@value #CHIPS_OPTION} chips (default {@value #DEFAULT_CHIPS}), the house with {@value #HOUSE_OPTION} (default
 * {@value #DEFAULT_HOUSE}). The first seat shoots first. See {@link BetKind} for the bets and payouts.
 *
 * <p><b>A dice round.</b> In the {@link DiceStep#COMMITTING} step the table takes bets, and every player with a bet
 * on the table commits to a nonce (see {@link Dice}); a player without a bet cannot commit, so everyone who shapes
 * the dice has chips riding on them. When every player with a bet has committed, the step turns to
 * {@link DiceStep#REVEALING}: no more bets; each committed player reveals, and the last reveal rolls the dice, settles
 * the bets and starts the next round.
 *
 * <p><b>Time and forfeits.</b> The rules read no clock. A table whose players dawdle is moved on by
 * {@link CrapsOperation.CloseWindow}, which any participant proposes once its own clock says the window is over and
 * which commits only when two thirds of the participants agree (the engine's vote). Closing the commit step opens
 * the reveal step with the commitments made so far (at least one); those who did not commit sit this roll out and
 * lose nothing, since they have seen nothing. Closing the reveal step applies the <b>forfeit rule</b>: a player who
 * committed but did not reveal loses every bet it has on the table to the house, and the dice are rolled from the
 * nonces that were revealed; if none was, the round is void (no roll) and the next round starts. So a player who
 * holds back its reveal because it dislikes the roll it foresees pays its whole stake for the privilege.
 */
@Component(service = StateMachine.class)
@StateMachine.GameType(CrapsRules.GAME_TYPE)
public final class CrapsRules implements StateMachine<CrapsState, CrapsOperation> {

    /** The game type these rules register under. */
    public static final String GAME_TYPE = "craps";
    /** The game option giving each player's starting chips. */
    public static final String CHIPS_OPTION = "chips";
    /** The game option giving the house's starting chips. */
    public static final String HOUSE_OPTION = "house";
    public static final long DEFAULT_CHIPS = 1_000;
    public static final long DEFAULT_HOUSE = 1_000_000;

    @Override
    public CrapsState initialState(GameSpec spec) {
        long chips = option(spec.options(), CHIPS_OPTION, DEFAULT_CHIPS);
        long house = option(spec.options(), HOUSE_OPTION, DEFAULT_HOUSE);
        List<Seat> seats = new ArrayList<>();
        for (String player : spec.participantIds()) {
            seats.add(new Seat(player, chips, null, null));
        }
        Math.addExact(Math.multiplyExact(chips, (long) seats.size()), house); // the total must fit a long
        return new CrapsState(1, Phase.COME_OUT, 0, 0, DiceStep.COMMITTING, 0, house, null, seats, List.of());
    }

    private static long option(Map<String, String> options, String name, long fallback) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0 && value <= 1L << 50) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RefusedException(RefusalReason.INVALID_GAME_SPEC,
                "craps option " + name + "='" + text + "' is not a whole number of chips from 0 to 2^50");
    }

    @Override
    public CrapsState apply(CrapsState state, CrapsOperation operation) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(operation, "operation");
        Table table = new Table(state);
        if (operation instanceof CrapsOperation.PlaceBet bet) {
            placeBet(table, bet);
        } else if (operation instanceof CrapsOperation.CommitDice commit) {
            commitDice(table, commit);
        } else if (operation instanceof CrapsOperation.RevealDice reveal) {
            revealDice(table, reveal);
        } else {
            closeWindow(table, (CrapsOperation.CloseWindow) operation);
        }
        return table.freeze();
    }

    private static void placeBet(Table table, CrapsOperation.PlaceBet bet) {
        int seat = seatOf(table, bet.player());
        if (table.step != DiceStep.COMMITTING) {
            throw new RefusedException(RefusalReason.WRONG_PHASE,
                    bet.player() + " bets while the dice of round " + table.round + " are being revealed; bets are closed");
        }
        if (!bet.kind().allowedIn(table.phase)) {
            throw new RefusedException(RefusalReason.WRONG_PHASE, bet.kind() + " is not taken in the "
                    + table.phase + " phase" + (table.phase == Phase.POINT ? " (the point is " + table.point + ")" : ""));
        }
        if (bet.amount() <= 0 || bet.amount() % bet.kind().stakeUnit() != 0) {
            throw new RefusedException(RefusalReason.INVALID_AMOUNT, bet.player() + " bets " + bet.amount() + " on "
                    + bet.kind() + "; stakes are positive" + (bet.kind().stakeUnit() > 1
                            ? " multiples of " + bet.kind().stakeUnit() : ""));
        }
        long balance = table.seats.get(seat).balance();
        if (bet.amount() > balance) {
            throw new RefusedException(RefusalReason.BET_ABOVE_BALANCE,
                    bet.player() + " bets " + bet.amount() + " on " + bet.kind() + " with " + balance + " chips");
        }
        table.stake(new Bet(seat, bet.kind(), bet.amount(), 0));
    }

    private static void commitDice(Table table, CrapsOperation.CommitDice commit) {
        int seat = seatOf(table, commit.player());
        if (table.step != DiceStep.COMMITTING) {
            throw new RefusedException(RefusalReason.WRONG_PHASE,
                    commit.player() + " commits while round " + table.round + " is revealing");
        }
        if (!table.hasBet(seat)) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION, commit.player()
                    + " has no bet on the table; only players with chips riding take part in the dice");
        }
        if (table.seats.get(seat).commitment() != null) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION,
                    commit.player() + " already committed for round " + table.round);
        }
        table.seats.set(seat, table.seats.get(seat).withCommitment(commit.commitment()));
        boolean everyBettorCommitted = true;
        for (int i = 0; i < table.seats.size(); i++) {
            everyBettorCommitted &= !table.hasBet(i) || table.seats.get(i).commitment() != null;
        }
        if (everyBettorCommitted) {
            table.step = DiceStep.REVEALING;
        }
    }

    private static void revealDice(Table table, CrapsOperation.RevealDice reveal) {
        int seat = seatOf(table, reveal.player());
        if (table.step != DiceStep.REVEALING) {
            throw new RefusedException(RefusalReason.WRONG_PHASE,
                    reveal.player() + " reveals while round " + table.round + " still takes commitments");
        }
        Seat s = table.seats.get(seat);
        if (s.commitment() == null) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION,
                    reveal.player() + " did not commit in round " + table.round + " and has nothing to reveal");
        }
        if (s.reveal() != null) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION,
                    reveal.player() + " already revealed in round " + table.round);
        }
        if (!Dice.commitment(reveal.nonce(), table.round).equals(s.commitment())) {
            throw new RefusedException(RefusalReason.COMMITMENT_MISMATCH, reveal.player()
                    + "'s nonce does not hash with round " + table.round + " to the commitment it made");
        }
        table.seats.set(seat, s.withReveal(reveal.nonce()));
        if (table.seats.stream().allMatch(x -> x.commitment() == null || x.reveal() != null)) {
            Settlement.settle(table, Dice.roll(table.round, revealsInSeatOrder(table)));
        }
    }

    private static void closeWindow(Table table, CrapsOperation.CloseWindow close) {
        if (close.round() != table.round) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION,
                    "closes round " + close.round() + ", but the table is in round " + table.round);
        }
        if (table.step == DiceStep.COMMITTING) {
            if (table.seats.stream().noneMatch(s -> s.commitment() != null)) {
                throw new RefusedException(RefusalReason.ILLEGAL_OPERATION,
                        "nobody committed in round " + table.round + "; there is nothing to close");
            }
            table.step = DiceStep.REVEALING; // those who did not commit sit this roll out
            return;
        }
        for (int i = 0; i < table.seats.size(); i++) {
            Seat s = table.seats.get(i);
            if (s.commitment() != null && s.reveal() == null) {
                table.forfeitBets(i);
            }
        }
        if (table.seats.stream().anyMatch(s -> s.reveal() != null)) {
            Settlement.settle(table, Dice.roll(table.round, revealsInSeatOrder(table)));
        } else {
            table.nextRound(); // nobody revealed: the round is void, no roll
        }
    }

    private static List<Bytes32> revealsInSeatOrder(Table table) {
        List<Bytes32> reveals = new ArrayList<>();
        for (Seat s : table.seats) {
            if (s.reveal() != null) {
                reveals.add(s.reveal());
            }
        }
        return reveals;
    }

    private static int seatOf(Table table, String player) {
        for (int i = 0; i < table.seats.size(); i++) {
            if (table.seats.get(i).player().equals(player)) {
                return i;
            }
        }
        throw new RefusedException(RefusalReason.UNKNOWN_PLAYER, "no player '" + player + "' sits at this table");
    }

    // ---- encodings and text ----

    @Override
    public byte[] encodeState(CrapsState state) {
        return CrapsCodec.encodeState(state);
    }

    @Override
    public CrapsState decodeState(byte[] bytes) {
        return CrapsCodec.decodeState(bytes);
    }

    @Override
    public byte[] encodeOperation(CrapsOperation operation) {
        return CrapsCodec.encodeOperation(operation);
    }

    @Override
    public CrapsOperation decodeOperation(byte[] bytes) {
        return CrapsCodec.decodeOperation(bytes);
    }

    @Override
    public CrapsOperation parseOperation(String text) {
        return OperationText.parse(text);
    }

    @Override
    public String describeOperation(CrapsOperation operation) {
        return OperationText.describe(operation);
    }

    @Override
    public Optional<String> actor(CrapsOperation operation) {
        return Optional.ofNullable(operation.actor());
    }

    @Override
    public String describeState(CrapsState state) {
        StringBuilder out = new StringBuilder();
        out.append("round ").append(state.round()).append(", ")
                .append(state.phase() == Phase.COME_OUT ? "come-out" : "point " + state.point())
                .append(", shooter ").append(state.seats().get(state.shooter()).player())
                .append(", ").append(state.step().name().toLowerCase(Locale.ROOT))
                .append(", rolls ").append(state.rolls())
                .append(state.lastRoll().map(r -> ", last roll " + r).orElse("")).append('\n');
        out.append("house ").append(state.house()).append(", chips in play ").append(state.totalChips()).append('\n');
        for (int i = 0; i < state.seats().size(); i++) {
            Seat s = state.seats().get(i);
            out.append("  ").append(s.player()).append(": ").append(s.balance()).append(" chips, ")
                    .append(state.stakeOf(i)).append(" on the table")
                    .append(s.commitment() != null ? ", committed" : "").append(s.reveal() != null ? ", revealed" : "")
                    .append('\n');
        }
        for (Bet bet : state.bets()) {
            out.append("  bet ").append(state.seats().get(bet.seat()).player()).append(' ').append(bet.kind())
                    .append(bet.point() != 0 ? " on " + bet.point() : "").append(' ').append(bet.amount()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
