package io.freelock.console;

import static org.owasp.encoder.Encode.forHtml;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

/** What every Freelock page writes the same way: escaped cells, numbers people read, and no caching. */
final class Html {

    private Html() {
    }

    /** Starts a page inside the Web Console's frame: no caching, and room around headings and forms. */
    static PrintWriter inConsole(HttpServletResponse response) throws java.io.IOException {
        noCache(response);
        PrintWriter out = response.getWriter();
        out.println("<style>#content h2{font-weight:bold;font-size:1.1em;margin:1.2em 0 .4em}#content p,#content form"
                + "{margin:.5em 0}#content select,#content button{margin:0 .3em}</style>");
        return out;
    }

    static void noCache(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /** Starts a page of its own (not inside the Web Console's frame). */
    static PrintWriter standalone(HttpServletResponse response, int status, String title) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        noCache(response);
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>" + forHtml(title)
                + "</title><style>body{font-family:sans-serif;margin:3em;max-width:50em}code,pre{background:#eee;"
                + "padding:.1em .3em}</style></head><body><h1>" + forHtml(title) + "</h1>");
        return out;
    }

    static void end(PrintWriter out) {
        out.println("</body></html>");
    }

    /** Writes one table row; every cell is escaped. */
    static void row(PrintWriter out, String tag, Object... cells) {
        out.print("<tr>");
        for (Object cell : cells) {
            out.print("<" + tag + ">" + forHtml(String.valueOf(cell)) + "</" + tag + ">");
        }
        out.println("</tr>");
    }

    /** Writes one cell whose class names what it holds, so that tests and styles can find it. */
    static void cell(PrintWriter out, String kind, String text) {
        out.print("<td class='" + kind + "'>" + forHtml(text) + "</td>");
    }

    static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** A duration in milliseconds, to the microsecond: one unit for every gap on the page, so they compare at a glance. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,.3f ms", nanos / 1e6);
    }

    static String seconds(Duration duration) {
        return Math.max(0, duration.toSeconds()) + " s";
    }
}
