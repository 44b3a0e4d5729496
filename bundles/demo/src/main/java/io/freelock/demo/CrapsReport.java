package io.freelock.demo;

import java.util.List;
import java.util.Objects;

/**
 * What one craps table of the demo played, and the checks its verdict rests on. Plain values (the hash as hex), so
 * that the demo host reads it without the consensus API.
 *
 * @param gameId the game the table played
 * @param players the players, in seat order
 * @param rounds dice rounds completed (rolled, or void because nobody revealed)
 * @param operationsCommitted operations the loop saw committed: players' moves and window closes
 * @param openedAt the version the game was opened at: 0 for a new game, else where its journal left it
 * @param version the engine's version at the end
 * @param hash the engine's state hash at the end, 64 hex digits
 * @param chainVerified whether every commit was one version on from the one before and the loop, hashing each
 *        committed operation onto the genesis hash itself, arrived at the engine's hash
 * @param chipsAtStart every chip of the game when it opened: the players' and the house's, by the game options
 * @param chipsAtEnd every chip at the end, added up by the demo from the seats, the bets and the house
 * @param movesSent moves the players put into the queue
 * @param movesReceived moves the game loop took out of it
 * @param movesRefused moves the engine refused (the reason of the last one is in {@code lastRefusal})
 * @param movesLate moves the loop dropped because their round was closed before they arrived
 * @param sitOuts rounds players sat out for want of chips
 * @param windowsClosed dice steps the loop had the table close because moves did not come in time
 * @param lastRefusal the last refusal, or empty
 * @param problem why the table did not end as it should (gave up waiting, failed), or empty
 */
public record CrapsReport(String gameId, List<String> players, long rounds, long operationsCommitted, long openedAt,
        long version,
        String hash, boolean chainVerified, long chipsAtStart, long chipsAtEnd, long movesSent, long movesReceived,
        long movesRefused, long movesLate, long sitOuts, long windowsClosed, String lastRefusal, String problem) {

    public CrapsReport {
        Objects.requireNonNull(gameId, "game id");
        players = List.copyOf(players);
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(lastRefusal, "last refusal");
        Objects.requireNonNull(problem, "problem");
    }

    /** @return moves that went into the queue and never came out */
    public long lost() {
        return movesSent - movesReceived;
    }

    /** @return whether the table ends with as many chips as it started with */
    public boolean chipsConserved() {
        return chipsAtStart == chipsAtEnd;
    }

    /**
     * @return whether the game is consistent: chips conserved, one version per committed operation from the version
     *         the game was opened at, the hash chain
     *         as the loop computed it, and every move taken out of the queue committed, refused, late or a sit-out
     */
    public boolean consistent() {
        long movesCommitted = operationsCommitted - windowsClosed;
        return chipsConserved() && version == openedAt + operationsCommitted && chainVerified
                && movesReceived == movesCommitted + movesRefused + movesLate + sitOuts;
    }

    /** @return whether nothing was lost, the game is consistent and the table ended as it should */
    public boolean clean() {
        return lost() == 0 && consistent() && problem.isEmpty();
    }

    /** @return the line a test matches: rounds, operations committed, version and the final hash */
    public String summaryLine() {
        return String.format("craps table: rounds %d, operations committed %d, version %d, hash %s", rounds,
                operationsCommitted, version, hash);
    }

    /** @return the accounting behind the verdict */
    public String detailLine() {
        return String.format("craps table '%s' %s%s: moves sent %d, lost %d, refused %d, late %d, sit-outs %d;"
                + " windows closed %d; chips %d at start, %d at end%s; hash chain %s%s%s", gameId, players,
                openedAt == 0 ? "" : " (recovered at version " + openedAt + ")", movesSent,
                lost(), movesRefused, movesLate, sitOuts, windowsClosed, chipsAtStart, chipsAtEnd,
                chipsConserved() ? " (conserved)" : " (NOT CONSERVED)", chainVerified ? "verified" : "BROKEN",
                lastRefusal.isEmpty() ? "" : "; last refusal: " + lastRefusal,
                problem.isEmpty() ? "" : "; PROBLEM: " + problem);
    }
}
