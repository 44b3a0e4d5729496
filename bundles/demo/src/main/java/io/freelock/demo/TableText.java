package io.freelock.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A craps table as its rules describe it in text ({@code GameEngine.describeState}), read back into the few
 * figures the demo's players and game loop need. The demo does not see the craps bundle's classes (it exports
 * none), so this text is its window on the state. The form it reads:
 * <pre>
 *   round 3, come-out, shooter alice, committing, rolls 2, last roll 3+4=7
 *   house 1000000, chips in play 1300000
 *     alice: 950 chips, 50 on the table, committed, revealed
 *     bet alice PASS_LINE 50
 * </pre>
 * The phase is {@code come-out} or {@code point N}; the step {@code committing} or {@code revealing}. Immutable.
 */
final class TableText {

    private static final Pattern HEADER = Pattern.compile(
            "round (\\d+), (?:come-out|point (\\d+)), shooter \\S+, (committing|revealing), rolls (\\d+)(?:, .*)?");
    private static final Pattern HOUSE = Pattern.compile("house (-?\\d+), chips in play (-?\\d+)");
    private static final Pattern SEAT = Pattern.compile(
            " {2}(\\S+): (\\d+) chips, (\\d+) on the table(, committed)?(, revealed)?");
    private static final Pattern BET = Pattern.compile(" {2}bet \\S+ \\S+.*");

    /** One player's place at the table. */
    record Seat(long balance, long onTable, boolean committed, boolean revealed) {
    }

    private final long round;
    private final int point;
    private final boolean revealing;
    private final long rolls;
    private final long house;
    private final Map<String, Seat> seats;

    private TableText(long round, int point, boolean revealing, long rolls, long house, Map<String, Seat> seats) {
        this.round = round;
        this.point = point;
        this.revealing = revealing;
        this.rolls = rolls;
        this.house = house;
        this.seats = Collections.unmodifiableMap(seats);
    }

    /**
     * @throws IllegalArgumentException naming the line that is not in the form above, or if the seats, their bets
     *         and the house do not add up to the chips in play the rules state
     */
    static TableText parse(String text) {
        String[] lines = text.split("\n");
        Matcher header = match(HEADER, lines, 0);
        Matcher house = match(HOUSE, lines, 1);
        Map<String, Seat> seats = new LinkedHashMap<>();
        for (int i = 2; i < lines.length; i++) {
            if (BET.matcher(lines[i]).matches()) {
                continue; // the stakes per seat are on the seat lines already
            }
            Matcher seat = match(SEAT, lines, i);
            seats.put(seat.group(1), new Seat(Long.parseLong(seat.group(2)), Long.parseLong(seat.group(3)),
                    seat.group(4) != null, seat.group(5) != null));
        }
        if (seats.isEmpty()) {
            throw new IllegalArgumentException("the craps table text names no seat:\n" + text);
        }
        TableText table = new TableText(Long.parseLong(header.group(1)),
                header.group(2) == null ? 0 : Integer.parseInt(header.group(2)), header.group(3).equals("revealing"),
                Long.parseLong(header.group(4)), Long.parseLong(house.group(1)), seats);
        long stated = Long.parseLong(house.group(2));
        if (table.totalChips() != stated) {
            throw new IllegalArgumentException("the seats, their bets and the house add up to " + table.totalChips()
                    + " chips, but the rules state " + stated + " in play:\n" + text);
        }
        return table;
    }

    private static Matcher match(Pattern pattern, String[] lines, int index) {
        if (index >= lines.length) {
            throw new IllegalArgumentException("the craps table text ends after " + lines.length + " line(s); "
                    + "expected a line like /" + pattern + "/");
        }
        Matcher m = pattern.matcher(lines[index]);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + (index + 1) + " of the craps table text, '" + lines[index]
                    + "', is not like /" + pattern + "/");
        }
        return m;
    }

    /** @return the dice round; it goes up after every roll or void round */
    long round() {
        return round;
    }

    /** @return whether no point is set (Pass Line and Don't Pass are taken; Come is not) */
    boolean comeOut() {
        return point == 0;
    }

    /** @return whether bets and commitments are taken */
    boolean committing() {
        return !revealing;
    }

    /** @return whether the committed players reveal their nonces now */
    boolean revealing() {
        return revealing;
    }

    long rolls() {
        return rolls;
    }

    long house() {
        return house;
    }

    /** @return the seats by player, in seat order */
    Map<String, Seat> seats() {
        return seats;
    }

    /** @return the chips in the player's hand; 0 for a player who is not seated */
    long balance(String player) {
        Seat seat = seats.get(player);
        return seat == null ? 0 : seat.balance();
    }

    /** @return whether any player has committed to a nonce in this round */
    boolean anyCommitted() {
        return seats.values().stream().anyMatch(Seat::committed);
    }

    /** @return every chip of the game: in hand, on the table and the house's */
    long totalChips() {
        long total = house;
        for (Seat seat : seats.values()) {
            total = Math.addExact(total, Math.addExact(seat.balance(), seat.onTable()));
        }
        return total;
    }
}
