package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;

import io.freelock.consensus.Bytes32;

/**
 * A mutable working copy of a {@link CrapsState}, private to one rules call: the rules change it step by step and
 * freeze it into a new state at the end, or throw and drop it, so no half-changed state ever escapes.
 */
final class Table {

    final Bytes32 table;
    final long bond;
    long round;
    Phase phase;
    int point;
    int shooter;
    DiceStep step;
    long rolls;
    long house;
    Roll lastRoll;
    final List<Seat> seats;
    final List<Bet> bets;

    Table(CrapsState state) {
        table = state.table();
        bond = state.bond();
        round = state.round();
        phase = state.phase();
        point = state.point();
        shooter = state.shooter();
        step = state.step();
        rolls = state.rolls();
        house = state.house();
        lastRoll = state.lastRoll().orElse(null);
        seats = new ArrayList<>(state.seats());
        bets = new ArrayList<>(state.bets());
    }

    CrapsState freeze() {
        return new CrapsState(table, bond, round, phase, point, shooter, step, rolls, house, lastRoll, seats, bets);
    }

    void credit(int seat, long chips) {
        Seat s = seats.get(seat);
        seats.set(seat, s.withBalance(Math.addExact(s.balance(), chips)));
    }

    /** Moves {@code amount} from the seat's balance onto the table, merging with a bet in the same position. */
    void stake(Bet bet) {
        credit(bet.seat(), -bet.amount());
        for (int i = 0; i < bets.size(); i++) {
            if (bets.get(i).samePosition(bet)) {
                Bet held = bets.get(i);
                bets.set(i, new Bet(held.seat(), held.kind(), Math.addExact(held.amount(), bet.amount()), held.point()));
                return;
            }
        }
        bets.add(bet);
    }

    /** @return whether the seat takes part in the dice: it has posted the bond or can post it */
    boolean takesPart(int seat) {
        Seat s = seats.get(seat);
        return s.escrow() > 0 || s.balance() >= bond;
    }

    /** @return what one roll can move on all the bets on the table */
    long exposure() {
        return bets.stream().mapToLong(b -> b.kind().exposure(b.amount())).sum();
    }

    /** Gives every bet of the seat back to its hand, unsettled (a voided round: no roll decided it). */
    void returnBets(int seat) {
        bets.removeIf(b -> {
            if (b.seat() == seat) {
                credit(seat, b.amount());
                return true;
            }
            return false;
        });
    }

    /** Gives every bet of the seat to the house. */
    void forfeitBets(int seat) {
        bets.removeIf(b -> {
            if (b.seat() == seat) {
                house = Math.addExact(house, b.amount());
                return true;
            }
            return false;
        });
    }

    /** Moves every posted bond back to its player's hand. */
    void returnBonds() {
        seats.replaceAll(Seat::bondReturned);
    }

    /** Ends a dice round, every bond returned or forfeited by now: the next one takes bets and commitments. */
    void nextRound() {
        round++;
        step = DiceStep.COMMITTING;
        for (Seat s : seats) {
            if (s.escrow() != 0) {
                throw new IllegalStateException(s.player() + "'s bond is still posted at the end of round " + round);
            }
        }
    }
}
