package io.freelock.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Pools alternating one-fork JMH calls ({@code benchmarks/run --alternate}) into a ratio per queue. Some two-thread
 * rows settle, fork by fork and iteration by iteration, into one of two modes several times apart (a ring whose two
 * threads follow each other slot by slot, or work on ranges apart), for our queues and their peers alike; two forks
 * then say little about the mix. Here each call is one fork of one queue, the calls alternate between the queues so
 * that the machine's drift touches all alike, and the figure is the ratio of the queues' mean fork scores, with a
 * 95% interval from resampling the forks (a bootstrap with a fixed seed, so the same files give the same interval).
 *
 * <p>Usage: {@code Alternation METRIC BASELINE FILE.json...}: the metric a secondary one's name (JMH's {@code
 * @AuxCounters}, such as {@code drained}) or {@code primary}; each queue's ratio is to the baseline queue.
 */
public final class Alternation {

    /** Resamples per interval, the usual count for a percentile interval of a bootstrap. */
    static final int RESAMPLES = 10_000;

    /** A ratio of two queues' mean fork scores, with its 95% bootstrap interval. */
    public record Ratio(double ratio, double low, double high) {
    }

    private Alternation() {
    }

    public static void main(String[] args) throws IOException {
        try {
            if (args.length < 3) {
                throw new IllegalArgumentException("usage: Alternation METRIC BASELINE FILE.json...");
            }
            List<Path> files = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                files.add(Path.of(args[i]));
            }
            System.out.print(table(args[0], args[1], files));
        } catch (IllegalArgumentException e) {
            System.err.println("Alternation: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * @param metric a secondary metric's name, or {@code primary}
     * @param baseline the queue each other queue's ratio is to
     * @param files one fork of one queue each
     * @return the Markdown table: per queue, its forks, their mean and scores, and its ratio to the baseline
     * @throws IllegalArgumentException if a file holds a run of more than one fork or lacks the metric, or no file
     *         holds the baseline
     */
    static String table(String metric, String baseline, List<Path> files) throws IOException {
        Map<String, List<Double>> forks = new LinkedHashMap<>();
        for (Path file : files) {
            for (Results.Run run : Results.parse(Files.readString(file)).runs()) {
                if (run.forks() != 1) {
                    throw new IllegalArgumentException(file + " has " + run.forks() + " forks in one run: each "
                            + "file must be one fork, so that the forks can be resampled");
                }
                double score = run.metric(metric.equals("primary") ? null : metric)
                        .orElseThrow(() -> new IllegalArgumentException(file + " has no metric '" + metric
                                + "' for " + run.benchmark())).score();
                forks.computeIfAbsent(run.params().getOrDefault("queue", run.benchmark()), q -> new ArrayList<>())
                        .add(score);
            }
        }
        List<Double> base = forks.get(baseline);
        if (base == null) {
            throw new IllegalArgumentException("no fork of the baseline '" + baseline + "' in the files; queues: "
                    + forks.keySet());
        }
        StringBuilder out = new StringBuilder();
        out.append("| queue | forks | mean fork score | fork scores, lowest to highest | ÷ ").append(baseline)
                .append(" (95% bootstrap) |\n|---|---:|---:|---|---|\n");
        forks.forEach((queue, scores) -> {
            double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | ", queue, sorted.length, mean(sorted),
                    Arrays.toString(Arrays.stream(sorted).map(s -> Math.round(s * 10) / 10.0).toArray())));
            if (queue.equals(baseline)) {
                out.append("baseline |\n");
            } else {
                Ratio r = ratio(scores, base, new SplittableRandom(1));
                out.append(String.format(Locale.ROOT, "%.2f (%.2f to %.2f) |%n", r.ratio(), r.low(), r.high()));
            }
        });
        return out.toString();
    }

    /**
     * @param random the source of the resampling (seeded by the caller, for a result that repeats)
     * @return mean of {@code ours} ÷ mean of {@code peer}, with the 2.5th and 97.5th percentiles of that ratio over
     *         {@link #RESAMPLES} resamplings of each list's forks with replacement
     * @throws IllegalArgumentException if either list is empty
     */
    public static Ratio ratio(List<Double> ours, List<Double> peer, SplittableRandom random) {
        if (ours.isEmpty() || peer.isEmpty()) {
            throw new IllegalArgumentException("a ratio needs at least one fork on each side: " + ours.size()
                    + " and " + peer.size());
        }
        double[] a = ours.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = peer.stream().mapToDouble(Double::doubleValue).toArray();
        double[] resampled = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            resampled[i] = resampledMean(a, random) / resampledMean(b, random);
        }
        Arrays.sort(resampled);
        return new Ratio(mean(a) / mean(b), resampled[(int) (RESAMPLES * 0.025)],
                resampled[(int) (RESAMPLES * 0.975) - 1]);
    }

    private static double resampledMean(double[] values, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[random.nextInt(values.length)];
        }
        return sum / values.length;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
