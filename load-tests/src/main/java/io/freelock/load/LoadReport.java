package io.freelock.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the JSON files of a matrix run ({@code load-tests/run}) into a Markdown table and a text chart of
 * acknowledged operations per second, for docs/load.md. Usage: {@code LoadReport FOLDER}.
 */
public final class LoadReport {

    private static final int BAR = 50;

    /** The figures of one run that the report shows. */
    private static final class Row {
        String database;
        String durability;
        long tables;
        double opsPerSecond;
        long p50;
        long p99;
        long p999;
        long threads;
        long journalThreads;
        long connections;
        long perTableBytes;
        /** After the run; -1 in results written before it was measured. */
        long perTablePlayedBytes;
        long refused;
    }

    private LoadReport() {
    }

    public static void main(String[] args) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                rows.add(parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.database).thenComparing(r -> r.durability)
                .thenComparingLong(r -> r.tables));
        StringBuilder out = new StringBuilder();
        out.append("| database | durability | tables | acknowledged ops/s | vs 1 table | p50 µs | p99 µs | p99.9 µs "
                + "| threads (journal) | connections | heap a table | heap a table, played |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double single = rows.stream().filter(o -> o.tables == 1 && o.database.equals(r.database)
                    && o.durability.equals(r.durability)).mapToDouble(o -> o.opsPerSecond).findFirst().orElse(0);
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s | %d | %d | %d | %d (%d) | %d | %s | %s |%n",
                    r.database, r.durability, r.tables, r.opsPerSecond,
                    single == 0 ? "" : String.format(Locale.ROOT, "%.1f×", r.opsPerSecond / single), r.p50, r.p99,
                    r.p999, r.threads, r.journalThreads, r.connections, kilobytes(r.perTableBytes),
                    r.perTablePlayedBytes < 0 ? "" : kilobytes(r.perTablePlayedBytes)));
        }
        double most = rows.stream().mapToDouble(r -> r.opsPerSecond).max().orElse(1);
        out.append("\n```\nacknowledged operations per second\n");
        for (Row r : rows) {
            int width = (int) Math.round(BAR * r.opsPerSecond / most);
            out.append(String.format(Locale.ROOT, "%-8s %-5s %5d tables |%s %.0f%n", r.database, r.durability,
                    r.tables, "#".repeat(width), r.opsPerSecond));
        }
        out.append("```\n");
        System.out.print(out);
    }

    private static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    private static Row parse(String json) {
        Row r = new Row();
        r.database = text(json, "database");
        r.durability = text(json, "durability");
        r.tables = number(json, "tables");
        r.opsPerSecond = Double.parseDouble(field(json, "opsPerSecond"));
        r.p50 = number(json, "p50");
        r.p99 = number(json, "p99");
        r.p999 = number(json, "p999");
        r.threads = number(json, "most");
        r.journalThreads = number(json, "journal");
        r.connections = Long.parseLong(matcher(json, "\"connections\": \\{\"most\": (-?\\d+)").group(1));
        r.perTableBytes = number(json, "perTableBytes");
        r.perTablePlayedBytes = json.contains("\"perTablePlayedBytes\"") ? number(json, "perTablePlayedBytes") : -1;
        r.refused = number(json, "refused");
        return r;
    }

    private static String text(String json, String name) {
        return matcher(json, "\"" + name + "\": \"([^\"]*)\"").group(1);
    }

    private static long number(String json, String name) {
        return Long.parseLong(field(json, name));
    }

    private static String field(String json, String name) {
        return matcher(json, "\"" + name + "\": (-?[0-9.]+)").group(1);
    }

    private static Matcher matcher(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + regex + " in " + json);
        }
        return m;
    }
}
