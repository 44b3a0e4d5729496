package io.freelock.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One JMH run's results, as its JSON file ({@code -rf json}) has them. */
public final class Results {

    /** A score with its error (JMH's 99.9% confidence half-width; NaN when it could not be estimated). */
    public record Metric(double score, double error, String unit) {
    }

    /**
     * One benchmark with one set of parameters.
     *
     * @param benchmark the class and method, without the package: {@code OneToOne.transfer}
     * @param secondary JMH's secondary metrics: a group's methods and the {@code @AuxCounters} fields, by name
     */
    public record Run(String benchmark, String mode, Map<String, String> params, int threads, int forks,
            String warmup, String measurement, Metric primary, Map<String, Metric> secondary, String vm) {

        /** @return the metric named {@code name}, or the primary one for null */
        public Optional<Metric> metric(String name) {
            return name == null ? Optional.of(primary) : Optional.ofNullable(secondary.get(name));
        }
    }

    private final List<Run> runs;

    private Results(List<Run> runs) {
        this.runs = Collections.unmodifiableList(runs);
    }

    /** @param json the text of a JMH JSON result file */
    @SuppressWarnings("unchecked")
    public static Results parse(String json) {
        List<Run> runs = new ArrayList<>();
        for (Object item : (List<Object>) Json.parse(json)) {
            Map<String, Object> entry = (Map<String, Object>) item;
            String benchmark = shortName((String) entry.get("benchmark"));
            Map<String, String> params = new LinkedHashMap<>();
            Object rawParams = entry.get("params");
            if (rawParams != null) {
                ((Map<String, Object>) rawParams).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Metric> secondary = new LinkedHashMap<>();
            Object rawSecondary = entry.get("secondaryMetrics");
            if (rawSecondary != null) {
                ((Map<String, Object>) rawSecondary).forEach((k, v) -> secondary.put(k, metric(v)));
            }
            String vm = entry.get("vmName") + " " + entry.get("vmVersion");
            runs.add(new Run(benchmark, (String) entry.get("mode"), params, (int) Json.number(entry.get("threads")),
                    (int) Json.number(entry.get("forks")),
                    entry.get("warmupIterations") == null ? "" : (int) Json.number(entry.get("warmupIterations"))
                            + " × " + entry.get("warmupTime"),
                    entry.get("measurementIterations") == null ? "" : (int) Json.number(entry.get("measurementIterations"))
                            + " × " + entry.get("measurementTime"),
                    metric(entry.get("primaryMetric")), secondary, vm));
        }
        return new Results(runs);
    }

    @SuppressWarnings("unchecked")
    private static Metric metric(Object raw) {
        Map<String, Object> m = (Map<String, Object>) raw;
        return new Metric(Json.number(m.get("score")), Json.number(m.get("scoreError")), (String) m.get("scoreUnit"));
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    public List<Run> runs() {
        return runs;
    }

    /**
     * @param benchmark {@code Class.method}
     * @param metric a secondary metric's name, or null for the primary one
     * @param queue the {@code queue} parameter, or null for a benchmark without one
     */
    public Optional<Metric> find(String benchmark, String metric, String queue) {
        for (Run run : runs) {
            if (run.benchmark().equals(benchmark) && Objects.equals(run.params().get("queue"), queue)) {
                return run.metric(metric);
            }
        }
        return Optional.empty();
    }
}
