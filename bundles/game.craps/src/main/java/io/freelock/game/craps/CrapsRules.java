package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.StateMachine;

/**
 * Craps as a {@link StateMachine}, registered with {@code game.type=craps}. Stateless, so one instance serves every
 * table from any thread. The security model, what k of n colluding players can and cannot do, is in this bundle's
 * README.
 *
 * <p><b>A table.</b> The participants sit in the game's participant order; each starts with the option
 * {@value #CHIPS_OPTION} chips (default {@value #DEFAULT_CHIPS}), the house with {@value #HOUSE_OPTION} (default
 * {@value #DEFAULT_HOUSE}). The option {@value #BOND_OPTION} (default {@value #DEFAULT_BOND}, at least 1) is the
 * bond, below. The first seat shoots first. See {@link BetKind} for the bets and payouts. Dice commitments are bound
 * to the game's id and instance ({@link GameSpec#instance()}), the round and the player (see {@link Dice}).
 *
 * <p><b>Who takes part.</b> Every seat that has posted the bond this round or holds at least the bond in hand takes
 * part in the dice, whether it bets or not. A bet must leave the bond in hand, so every seat with chips on the table
 * takes part; a seat that cannot post the bond has nothing on the table, cannot bet, and sits out.
 *
 * <p><b>A dice round.</b> In the {@link DiceStep#COMMITTING} step each taking-part player places its bets and then
 * commits to a nonce, posting the bond with the commitment. A player's own commitment closes its own bets for the
 * round, and nobody else's. When every taking-part player has committed, the step turns to
 * {@link DiceStep#REVEALING}: each reveals, and the last reveal rolls the dice from all the nonces, returns the
 * bonds, settles the bets and starts the next round. No reveal is taken before every commitment is in, so nobody's
 * nonce can depend on anybody else's.
 *
 * <p><b>Table limit.</b> The {@linkplain CrapsState#exposure() exposure} of all bets on the table, what one roll can
 * move on them, may not pass the bond. So what any coalition can gain by voiding a round (below), at most the
 * stakes it gets back or the winnings it avoids paying, is never more than the bond the withholder forfeits.
 *
 * <p><b>Time, closes and voided rounds.</b> The rules read no clock. A table whose players dawdle is moved on by
 * {@link CrapsOperation.CloseWindow}, which any participant proposes once its own clock says the window is over
 * and which commits only when two thirds of the participants agree (the engine's vote). A close can only <b>void</b>
 * the round, never roll it from some of the nonces: no dice are rolled and no bet is settled.
 * <ul>
 * <li>Closing the commit step: nobody has revealed anything, so there is nothing to bias; bonds go back, bets stay
 * up, and the next round starts.</li>
 * <li>Closing the reveal step: each player who did not reveal <b>forfeits its bond and every bet it has on the
 * table</b> to the house; each player who revealed gets its bond and every bet it has on the table back, unsettled.
 * A withholder knows the roll its reveal would make, and can only trade it for a void that costs it the bond and
 * its bets and that gives its partners at most their stakes back: less than the bond, by the table limit. So
 * withholding never raises the chips of the withholder, or of any coalition it belongs to.</li>
 * </ul>
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
    /** The game option giving the bond posted with each dice commitment, which is also the table limit. */
    public static final String BOND_OPTION = "bond";
    public static final long DEFAULT_CHIPS = 1_000;
    public static final long DEFAULT_HOUSE = 1_000_000;
    /** A quarter of the default chips: players keep most of their chips to bet, and the table limit is sizeable. */
    public static final long DEFAULT_BOND = 250;

    @Override
    public CrapsState initialState(GameSpec spec) {
        long chips = option(spec.options(), CHIPS_OPTION, DEFAULT_CHIPS);
        long house = option(spec.options(), HOUSE_OPTION, DEFAULT_HOUSE);
        long bond = option(spec.options(), BOND_OPTION, DEFAULT_BOND);
        if (bond < 1) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC,
                    "craps option " + BOND_OPTION + "=0: without a bond, withholding a reveal would cost nothing");
        }
        List<Seat> seats = new ArrayList<>();
        for (String player : spec.participantIds()) {
            seats.add(new Seat(player, chips));
        }
        Math.addExact(Math.multiplyExact(chips, (long) seats.size()), house); // the total must fit a long
        return new CrapsState(Dice.tableKey(spec.gameId(), spec.instance()), bond, 1, Phase.COME_OUT, 0, 0,
                DiceStep.COMMITTING, 0, house, null, seats, List.of());
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
        if (table.seats.get(seat).commitment() != null) {
            throw new RefusedException(RefusalReason.WRONG_PHASE, bet.player() + " has committed to the dice of round "
                    + table.round + ", which closed its bets for the round");
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
        if (bet.amount() > balance - table.bond) {
            throw new RefusedException(RefusalReason.BET_ABOVE_BALANCE, bet.player() + " bets " + bet.amount()
                    + " on " + bet.kind() + " with " + balance + " chips, and must keep the bond of " + table.bond
                    + " in hand to commit");
        }
        long exposure = Math.addExact(table.exposure(), bet.kind().exposure(bet.amount()));
        if (exposure > table.bond) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION, bet.player() + " bets " + bet.amount()
                    + " on " + bet.kind() + ", which would put " + exposure + " at stake on one roll; the table limit"
                    + " is the bond, " + table.bond);
        }
        table.stake(new Bet(seat, bet.kind(), bet.amount(), 0));
    }

    private static void commitDice(Table table, CrapsOperation.CommitDice commit) {
        int seat = seatOf(table, commit.player());
        if (table.step != DiceStep.COMMITTING) {
            throw new RefusedException(RefusalReason.WRONG_PHASE,
                    commit.player() + " commits while round " + table.round + " is revealing");
        }
        Seat s = table.seats.get(seat);
        if (s.commitment() != null) {
            throw new RefusedException(RefusalReason.ILLEGAL_OPERATION,
                    commit.player() + " already committed for round " + table.round);
        }
        if (s.balance() < table.bond) {
            throw new RefusedException(RefusalReason.BET_ABOVE_BALANCE, commit.player() + " has " + s.balance()
                    + " chips and cannot post the bond of " + table.bond + " that a dice commitment takes");
        }
        table.seats.set(seat, s.committed(table.bond, commit.commitment()));
        boolean everyoneCommitted = true;
        for (int i = 0; i < table.seats.size(); i++) {
            everyoneCommitted &= !table.takesPart(i) || table.seats.get(i).commitment() != null;
        }
        if (everyoneCommitted) {
            table.step = DiceStep.REVEALING;
        }
    }

    private static void revealDice(Table table, CrapsOperation.RevealDice reveal) {
        int seat = seatOf(table, reveal.player());
        if (table.step != DiceStep.REVEALING) {
            throw new RefusedException(RefusalReason.WRONG_PHASE, reveal.player() + " reveals while round "
                    + table.round + " still takes commitments; no nonce is shown before every one is in");
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
        if (!Dice.commitment(table.table, table.round, reveal.player(), reveal.nonce()).equals(s.commitment())) {
            throw new RefusedException(RefusalReason.COMMITMENT_MISMATCH, reveal.player() + "'s nonce does not hash to"
                    + " the commitment it made, with this game, round " + table.round + " and its own name");
        }
        table.seats.set(seat, s.withReveal(reveal.nonce()));
        if (table.seats.stream().allMatch(x -> x.commitment() == null || x.reveal() != null)) {
            Roll roll = Dice.roll(revealsInSeatOrder(table));
            table.returnBonds();
            Settlement.settle(table, roll);
        }
    }

    /** Voids the round (see the class comment): never a roll from some of the nonces. */
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
            table.returnBonds(); // nothing was revealed: nobody learned anything, the bets wait for the next round
            table.nextRound();
            return;
        }
        for (int i = 0; i < table.seats.size(); i++) {
            Seat s = table.seats.get(i);
            if (s.commitment() == null) {
                continue;
            }
            if (s.reveal() != null) {
                table.returnBets(i);
                table.seats.set(i, table.seats.get(i).bondReturned());
            } else {
                table.forfeitBets(i);
                table.house = Math.addExact(table.house, s.escrow());
                table.seats.set(i, s.bondForfeited());
            }
        }
        table.nextRound();
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
        out.append("dice table ").append(state.table().toHex()).append(", bond ").append(state.bond())
                .append(", exposure ").append(state.exposure()).append('\n');
        for (int i = 0; i < state.seats().size(); i++) {
            Seat s = state.seats().get(i);
            out.append("  ").append(s.player()).append(": ").append(s.balance()).append(" chips, ")
                    .append(state.stakeOf(i)).append(" on the table, exposure ").append(state.exposureOf(i))
                    .append(s.escrow() > 0 ? ", " + s.escrow() + " in bond" : "")
                    .append(state.takesPart(i) ? "" : ", sitting out")
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
