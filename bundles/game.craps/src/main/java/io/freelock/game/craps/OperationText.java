package io.freelock.game.craps;

import java.util.Locale;

import io.freelock.consensus.Bytes32;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * The text form of craps operations, for shells and demos that do not see this bundle's classes:
 * <pre>
 *   bet &lt;player&gt; &lt;kind&gt; &lt;amount&gt;        e.g. bet alice pass_line 10, bet bob place6 12
 *   commit &lt;player&gt; &lt;64 hex digits&gt;     see Dice#commitment
 *   reveal &lt;player&gt; &lt;64 hex digits&gt;     the nonce
 *   close &lt;round&gt;
 * </pre>
 */
final class OperationText {

    private OperationText() {
    }

    static CrapsOperation parse(String text) {
        String[] words = text.trim().split("\\s+");
        try {
            switch (words[0].toLowerCase(Locale.ROOT)) {
                case "bet":
                    expect(words, 4, "bet <player> <kind> <amount>");
                    return new CrapsOperation.PlaceBet(words[1], BetKind.parse(words[2]), Long.parseLong(words[3]));
                case "commit":
                    expect(words, 3, "commit <player> <64 hex digits>");
                    return new CrapsOperation.CommitDice(words[1], Bytes32.fromHex(words[2]));
                case "reveal":
                    expect(words, 3, "reveal <player> <64 hex digits>");
                    return new CrapsOperation.RevealDice(words[1], Bytes32.fromHex(words[2]));
                case "close":
                    expect(words, 2, "close <round>");
                    return new CrapsOperation.CloseWindow(Long.parseLong(words[1]));
                default:
                    throw new IllegalArgumentException("unknown verb '" + words[0] + "'; use bet, commit, reveal or close");
            }
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusalReason.MALFORMED_OPERATION, "'" + text + "': " + e.getMessage(), e);
        }
    }

    private static void expect(String[] words, int count, String form) {
        if (words.length != count) {
            throw new IllegalArgumentException("expected " + form);
        }
    }

    static String describe(CrapsOperation operation) {
        if (operation instanceof CrapsOperation.PlaceBet bet) {
            return "bet " + bet.player() + " " + bet.kind() + " " + bet.amount();
        }
        if (operation instanceof CrapsOperation.CommitDice commit) {
            return "commit " + commit.player() + " " + commit.commitment().toHex();
        }
        if (operation instanceof CrapsOperation.RevealDice reveal) {
            return "reveal " + reveal.player() + " " + reveal.nonce().toHex();
        }
        return "close " + ((CrapsOperation.CloseWindow) operation).round();
    }
}
