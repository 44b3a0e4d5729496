package io.freelock.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thread matrix's table, from one JMH JSON file per row ({@code benchmarks/run --matrix} writes them): for each
 * queue, elements through it per µs at each thread shape measured, in Markdown. A shape the machine could not run
 * has no file, and its column says so.
 *
 * <p>Usage: {@code MatrixTable OUT.md SHAPE=FILE.json|skipped ...}, shapes in order, such as {@code 1P1C=r1.json
 * 2P2C=skipped}.
 */
public final class MatrixTable {

    private MatrixTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: MatrixTable OUT.md SHAPE=FILE.json|skipped ...");
        }
        List<String> shapes = new ArrayList<>();
        Map<String, Map<String, Results.Metric>> byQueue = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] shapeAndFile = args[i].split("=", 2);
            if (shapeAndFile.length != 2) {
                throw new IllegalArgumentException("'" + args[i] + "' is not SHAPE=FILE.json or SHAPE=skipped");
            }
            String shape = shapeAndFile[0];
            shapes.add(shape);
            if (shapeAndFile[1].equals("skipped")) {
                continue;
            }
            Results results = Results.parse(Files.readString(Path.of(shapeAndFile[1])));
            for (Results.Run run : results.runs()) {
                if (run.benchmark().equals("Matrix.transfer")) {
                    run.metric("polled").ifPresent(m -> byQueue
                            .computeIfAbsent(run.params().get("queue"), q -> new LinkedHashMap<>()).put(shape, m));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| queue |");
        shapes.forEach(s -> out.append(' ').append(s).append(" |"));
        out.append("\n|---|");
        shapes.forEach(s -> out.append("---|"));
        out.append('\n');
        byQueue.forEach((queue, scores) -> {
            out.append("| ").append(queue).append(" |");
            for (String shape : shapes) {
                Results.Metric m = scores.get(shape);
                out.append(' ').append(m == null ? "not measured"
                        : String.format(Locale.ROOT, "%.1f ± %.1f", m.score(), m.error())).append(" |");
            }
            out.append('\n');
        });
        Files.writeString(Path.of(args[0]), out.toString());
        System.out.print(out);
    }
}
