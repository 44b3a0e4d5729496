package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.freelock.consensus.Bytes32;

/**
 * The whole table, immutable: the key its dice commitments are bound to and the bond, the dice round, the phase and point, the shooter, the seats with their chips, the
 * house's chips and the bets on the table. Chips only move between seats, the table and the house, so
 * {@link #totalChips()} never changes over a game. Equal tables have equal canonical encodings
 * ({@link CrapsCodec}): bets are kept merged by position and sorted by {@link Bet#CANONICAL}.
 */
public final class CrapsState {

    private final Bytes32 table;
    private final long bond;
    private final long round;
    private final Phase phase;
    private final int point;
    private final int shooter;
    private final DiceStep step;
    private final long rolls;
    private final long house;
    private final Roll lastRoll;
    private final List<Seat> seats;
    private final List<Bet> bets;

    CrapsState(Bytes32 table, long bond, long round, Phase phase, int point, int shooter, DiceStep step, long rolls, long house, Roll lastRoll,
            List<Seat> seats, List<Bet> bets) {
        if (seats.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one seat");
        }
        if (bond < 1) {
            throw new IllegalArgumentException("a bond of " + bond + " is not positive");
        }
        if ((phase == Phase.POINT) != (point != 0) || (point != 0 && (point < 4 || point > 10 || point == 7))) {
            throw new IllegalArgumentException("phase " + phase + " with point " + point);
        }
        if (shooter < 0 || shooter >= seats.size() || round < 1 || rolls < 0) {
            throw new IllegalArgumentException("shooter " + shooter + ", round " + round + ", rolls " + rolls);
        }
        this.table = Objects.requireNonNull(table, "table");
        this.bond = bond;
        this.round = round;
        this.phase = Objects.requireNonNull(phase, "phase");
        this.point = point;
        this.shooter = shooter;
        this.step = Objects.requireNonNull(step, "step");
        this.rolls = rolls;
        this.house = house;
        this.lastRoll = lastRoll;
        this.seats = List.copyOf(seats);
        List<Bet> sorted = new ArrayList<>(bets);
        sorted.sort(Bet.CANONICAL);
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).seat() >= seats.size() || (i > 0 && sorted.get(i).samePosition(sorted.get(i - 1)))) {
                throw new IllegalArgumentException("bet " + sorted.get(i) + " is off the table or not merged");
            }
        }
        this.bets = List.copyOf(sorted);
    }

    /** @return the key that binds dice commitments to this instance of the game (see {@link Dice#tableKey}) */
    public Bytes32 table() {
        return table;
    }

    /**
     * @return the bond a player posts with each dice commitment, which it forfeits if it withholds its reveal; also
     *         the table limit on the {@link #exposure()} of all bets, and the chips in hand a player needs to take
     *         part in the dice (see {@link CrapsRules})
     */
    public long bond() {
        return bond;
    }

    /** @return whether the player in {@code seat} takes part in the dice: it has posted the bond or can post it */
    public boolean takesPart(int seat) {
        Seat s = seats.get(seat);
        return s.escrow() > 0 || s.balance() >= bond;
    }

    /** @return the dice round: the commitments of this round hash it in; it goes up after every roll or void round */
    public long round() {
        return round;
    }

    public Phase phase() {
        return phase;
    }

    /** @return the point, or 0 in the come-out phase */
    public int point() {
        return point;
    }

    /** @return the shooter's seat index */
    public int shooter() {
        return shooter;
    }

    public DiceStep step() {
        return step;
    }

    /** @return how many rolls the table has made */
    public long rolls() {
        return rolls;
    }

    /** @return the house's chips (it may go below zero: the house is the bank of last resort) */
    public long house() {
        return house;
    }

    /** @return the last roll, if any */
    public Optional<Roll> lastRoll() {
        return Optional.ofNullable(lastRoll);
    }

    /** @return the seats, in the game's participant order */
    public List<Seat> seats() {
        return seats;
    }

    /** @return the bets on the table, in canonical order */
    public List<Bet> bets() {
        return bets;
    }

    /** @return the seat index of {@code player}, or -1 */
    public int seatOf(String player) {
        for (int i = 0; i < seats.size(); i++) {
            if (seats.get(i).player().equals(player)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the balance of {@code player} */
    public long balanceOf(String player) {
        int seat = seatOf(player);
        if (seat < 0) {
            throw new IllegalArgumentException("no player " + player);
        }
        return seats.get(seat).balance();
    }

    /** @return the chips on the table in bets of the player in {@code seat} */
    public long stakeOf(int seat) {
        return bets.stream().filter(b -> b.seat() == seat).mapToLong(Bet::amount).sum();
    }

    /** @return what one roll can move on the bets of the player in {@code seat} (see {@link BetKind#exposure}) */
    public long exposureOf(int seat) {
        return bets.stream().filter(b -> b.seat() == seat).mapToLong(b -> b.kind().exposure(b.amount())).sum();
    }

    /** @return what one roll can move on all the bets on the table; never above {@link #bond()} */
    public long exposure() {
        return bets.stream().mapToLong(b -> b.kind().exposure(b.amount())).sum();
    }

    /** @return every chip of the game: the players' in hand and in bond, the house's and the table's */
    public long totalChips() {
        return seats.stream().mapToLong(s -> s.balance() + s.escrow()).sum() + house
                + bets.stream().mapToLong(Bet::amount).sum();
    }

    @Override
    public String toString() {
        return "round " + round + " " + phase + (point == 0 ? "" : " " + point) + " " + step;
    }
}
