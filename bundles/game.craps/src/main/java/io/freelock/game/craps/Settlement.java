package io.freelock.game.craps;

import java.util.ArrayList;
import java.util.List;

/**
 * What a roll does to the table: settles every bet (see {@link BetKind} for the payouts), moves Come bets to their
 * numbers, changes the phase, passes the dice on a seven-out, and starts the next dice round.
 */
final class Settlement {

    private Settlement() {
    }

    /** Applies {@code roll} to {@code table}. */
    static void settle(Table table, Roll roll) {
        int total = roll.total();
        boolean comeOut = table.phase == Phase.COME_OUT;
        List<Bet> standing = new ArrayList<>();
        for (Bet bet : table.bets) {
            Bet left = settle(table, bet, roll, comeOut);
            if (left != null) {
                addMerged(standing, left);
            }
        }
        table.bets.clear();
        table.bets.addAll(standing);

        if (comeOut) {
            if (isPointNumber(total)) {
                table.phase = Phase.POINT;
                table.point = total;
            }
        } else if (total == table.point) {
            table.phase = Phase.COME_OUT; // the shooter made the point and keeps the dice
            table.point = 0;
        } else if (total == 7) {
            table.phase = Phase.COME_OUT; // seven-out: the dice pass to the next seat
            table.point = 0;
            table.shooter = (table.shooter + 1) % table.seats.size();
        }
        table.lastRoll = roll;
        table.rolls++;
        table.nextRound();
    }

    static boolean isPointNumber(int total) {
        return total >= 4 && total <= 10 && total != 7;
    }

    /** @return the bet as it stands after the roll, or null if it was settled and leaves the table */
    private static Bet settle(Table table, Bet bet, Roll roll, boolean comeOut) {
        int total = roll.total();
        switch (bet.kind()) {
            case PASS_LINE:
                if (comeOut) {
                    return total == 7 || total == 11 ? win(table, bet) : total <= 3 || total == 12 ? lose(table, bet) : bet;
                }
                return total == table.point ? win(table, bet) : total == 7 ? lose(table, bet) : bet;
            case DONT_PASS:
                if (comeOut) {
                    return total <= 3 ? win(table, bet) : total == 12 ? push(table, bet)
                            : total == 7 || total == 11 ? lose(table, bet) : bet;
                }
                return total == 7 ? win(table, bet) : total == table.point ? lose(table, bet) : bet;
            case COME:
                if (bet.point() == 0) {
                    return total == 7 || total == 11 ? win(table, bet) : total <= 3 || total == 12 ? lose(table, bet)
                            : new Bet(bet.seat(), bet.kind(), bet.amount(), total);
                }
                return total == bet.point() ? win(table, bet) : total == 7 ? lose(table, bet) : bet;
            case FIELD:
                if (total == 2 || total == 12) {
                    return pay(table, bet, Math.multiplyExact(bet.amount(), (long) BetKind.FIELD_DOUBLE), true);
                }
                return total == 3 || total == 4 || total >= 9 ? win(table, bet) : lose(table, bet);
            case ANY_SEVEN:
                return total == 7 ? win(table, bet) : lose(table, bet);
            case PLACE_6:
            case PLACE_8:
                if (comeOut) {
                    return bet; // off on the come-out roll
                }
                return total == bet.kind().placeNumber() ? winAndStay(table, bet) : total == 7 ? lose(table, bet) : bet;
            default: // the Hardways
                if (comeOut) {
                    return bet; // off on the come-out roll
                }
                int number = bet.kind().hardNumber();
                if (total == number) {
                    return roll.isPair() ? winAndStay(table, bet) : lose(table, bet);
                }
                return total == 7 ? lose(table, bet) : bet;
        }
    }

    /** Pays the usual odds and returns the stake: the bet leaves the table. */
    private static Bet win(Table table, Bet bet) {
        return pay(table, bet, bet.kind().winnings(bet.amount()), true);
    }

    /** Pays the usual odds; the stake stays up. */
    private static Bet winAndStay(Table table, Bet bet) {
        return pay(table, bet, bet.kind().winnings(bet.amount()), false);
    }

    private static Bet pay(Table table, Bet bet, long winnings, boolean returnStake) {
        table.house = Math.subtractExact(table.house, winnings);
        table.credit(bet.seat(), Math.addExact(winnings, returnStake ? bet.amount() : 0));
        return returnStake ? null : bet;
    }

    /** The house takes the stake. */
    private static Bet lose(Table table, Bet bet) {
        table.house = Math.addExact(table.house, bet.amount());
        return null;
    }

    /** The stake goes back to the player (Don't Pass on a come-out 12). */
    private static Bet push(Table table, Bet bet) {
        table.credit(bet.seat(), bet.amount());
        return null;
    }

    private static void addMerged(List<Bet> bets, Bet bet) {
        for (int i = 0; i < bets.size(); i++) {
            if (bets.get(i).samePosition(bet)) {
                Bet held = bets.get(i);
                bets.set(i, new Bet(held.seat(), held.kind(), Math.addExact(held.amount(), bet.amount()), held.point()));
                return;
            }
        }
        bets.add(bet);
    }
}
