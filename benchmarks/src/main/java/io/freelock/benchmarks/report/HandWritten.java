package io.freelock.benchmarks.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of docs/benchmarks.md that no JMH run produces (figures measured by other harnesses, such as the
 * replicated games' benchmark), written by hand between {@code <!-- hand-written: begin NAME -->} and
 * {@code <!-- hand-written: end NAME -->}: a regenerated page keeps each of them, in their order, after what the
 * generator writes.
 */
public final class HandWritten {

    private static final Pattern SECTION = Pattern.compile(
            "(?s)<!-- hand-written: begin ([\\w.-]+) -->\\n.*?<!-- hand-written: end \\1 -->\\n?");

    private HandWritten() {
    }

    /**
     * @param previous the page as it was (empty if there was none)
     * @param generated the page the generator writes now
     * @return the generated page followed by every hand-written section of the previous one
     */
    public static String keep(String previous, String generated) {
        StringBuilder page = new StringBuilder(generated);
        Matcher section = SECTION.matcher(previous);
        while (section.find()) {
            if (page.charAt(page.length() - 1) != '\n') {
                page.append('\n');
            }
            page.append('\n').append(section.group());
            if (page.charAt(page.length() - 1) != '\n') {
                page.append('\n');
            }
        }
        return page.toString();
    }
}
