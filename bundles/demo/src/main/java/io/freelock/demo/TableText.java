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
 *   dice table 5f2c...(64 hex digits), bond 250, exposure 50
 *     alice: 700 chips, 50 on the table, exposure 50, 250 in bond, committed, revealed
 *     carol: 0 chips, 0 on the table, exposure 0, sitting out
 *     bet alice PASS_LINE 50
 * </pre>
 * The phase is {@code come-out} or {@code point N}; the step {@code committing} or {@code revealing}. The table key
 * binds dice commitments to this game instance; a player sits out while it cannot post the bond. Immutable.
 */
final class TableText {

    private static final Pattern HEADER = Pattern.compile(
            "round (\\d+), (?:come-out|point (\\d+)), shooter \\S+, (committing|revealing), rolls (\\d+)(?:, .*)?");
    private static final Pattern HOUSE = Pattern.compile("house (-?\\d+), chips in play (-?\\d+)");
    private static final Pattern DICE = Pattern.compile("dice table ([0-9a-f]{64}), bond (\\d+), exposure (\\d+)");
    private static final Pattern SEAT = Pattern.compile(" {2}(\\S+): (\\d+) chips, (\\d+) on the table, exposure (\\d+)"
            + "(?:, (\\d+) in bond)?(, sitting out)?(, committed)?(, revealed)?");
    private static final Pattern BET = Pattern.compile(" {2}bet \\S+ \\S+.*");

    /**
     * One player's place at the table.
     *
     * @param balance chips in hand
     * @param onTable chips in its bets
     * @param exposure what one roll can move on its bets (the table limit is on the sum of these)
     * @param bond chips posted as the bond of its commitment this round
     * @param sittingOut whether it cannot post the bond, so takes no part in the dice
     */
    record Seat(long balance, long onTable, long exposure, long bond, boolean sittingOut, boolean committed,
            boolean revealed) {
    }

    private final long round;
    private final int point;
    private final boolean revealing;
    private final long rolls;
    private final long house;
    private final String tableKey;
    private final long bond;
    private final Map<String, Seat> seats;

    private TableText(long round, int point, boolean revealing, long rolls, long house, String tableKey, long bond,
            Map<String, Seat> seats) {
        this.round = round;
        this.point = point;
        this.revealing = revealing;
        this.rolls = rolls;
        this.house = house;
        this.tableKey = tableKey;
        this.bond = bond;
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
        Matcher dice = match(DICE, lines, 2);
        Map<String, Seat> seats = new LinkedHashMap<>();
        for (int i = 3; i < lines.length; i++) {
            if (BET.matcher(lines[i]).matches()) {
                continue; // the stakes per seat are on the seat lines already
            }
            Matcher seat = match(SEAT, lines, i);
            seats.put(seat.group(1), new Seat(Long.parseLong(seat.group(2)), Long.parseLong(seat.group(3)),
                    Long.parseLong(seat.group(4)), seat.group(5) == null ? 0 : Long.parseLong(seat.group(5)),
                    seat.group(6) != null, seat.group(7) != null, seat.group(8) != null));
        }
        if (seats.isEmpty()) {
            throw new IllegalArgumentException("the craps table text names no seat:\n" + text);
        }
        TableText table = new TableText(Long.parseLong(header.group(1)),
                header.group(2) == null ? 0 : Integer.parseInt(header.group(2)), header.group(3).equals("revealing"),
                Long.parseLong(header.group(4)), Long.parseLong(house.group(1)), dice.group(1),
                Long.parseLong(dice.group(2)), seats);
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

    /** @return the 64 hex digits of the key that binds dice commitments to this game instance */
    String tableKey() {
        return tableKey;
    }

    /** @return the bond posted with each commitment; also the table limit on the exposure of all bets */
    long bond() {
        return bond;
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

    /** @return every chip of the game: in hand, in bond, on the table and the house's */
    long totalChips() {
        long total = house;
        for (Seat seat : seats.values()) {
            total = Math.addExact(total, Math.addExact(seat.balance(), Math.addExact(seat.onTable(), seat.bond())));
        }
        return total;
    }
}
