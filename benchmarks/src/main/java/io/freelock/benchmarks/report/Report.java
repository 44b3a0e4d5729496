package io.freelock.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import io.freelock.benchmarks.report.Comparisons.Comparison;
import io.freelock.benchmarks.report.Results.Metric;
import io.freelock.benchmarks.report.Results.Run;

/**
 * Writes {@code docs/benchmarks.md} and {@code docs/benchmarks.png} from one JMH JSON result file and the
 * description of the machine that {@code benchmarks/run} saved next to it ({@code <same name>.env}, a properties
 * file).
 *
 * <pre>
 * java -cp benchmarks.jar io.freelock.benchmarks.report.Report RESULTS.json MARKDOWN.md CHART.png
 * </pre>
 */
public final class Report {

    /** One comparison with its figures, if both were measured. */
    public record Row(Comparison comparison, Optional<Metric> ours, Optional<Metric> peer) {

        public boolean measured() {
            return ours.isPresent() && peer.isPresent() && ours.get().score() > 0 && peer.get().score() > 0;
        }

        /** @return ours ÷ peer for a throughput, peer ÷ ours for a time: above 1, ours is faster */
        public double ratio() {
            double o = ours.orElseThrow().score();
            double p = peer.orElseThrow().score();
            return comparison.higherIsBetter() ? o / p : p / o;
        }

        /** @return the ratio's error: the two relative errors (99.9% half-widths) added in quadrature */
        public double ratioError() {
            Metric o = ours.orElseThrow();
            Metric p = peer.orElseThrow();
            double relative = Math.sqrt(square(o.error() / o.score()) + square(p.error() / p.score()));
            return ratio() * relative;
        }

        /** @return met, missed, within error (the interval holds the target), or empty without a target */
        public String verdict() {
            if (comparison.target() == null) {
                return "";
            }
            if (!measured()) {
                return "not measured";
            }
            double target = comparison.target().ratio();
            double r = ratio();
            double e = ratioError();
            if (Double.isNaN(e)) {
                return r >= target ? "met (no error estimate)" : "missed (no error estimate)";
            }
            if (r - e >= target) {
                return "**met**";
            }
            if (r + e < target) {
                return "**missed**";
            }
            return r >= target ? "met, within error" : "missed, within error";
        }
    }

    private final Results results;
    private final Properties env;
    private final String resultsName;

    public Report(Results results, Properties env, String resultsName) {
        this.results = results;
        this.env = env;
        this.resultsName = resultsName;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Report RESULTS.json MARKDOWN.md CHART.png");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path markdown = Path.of(args[1]);
        Path chart = Path.of(args[2]);
        Properties env = new Properties();
        Path envFile = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".env");
        if (Files.exists(envFile)) {
            try (Reader in = Files.newBufferedReader(envFile, StandardCharsets.UTF_8)) {
                env.load(in);
            }
        }
        Report report = new Report(Results.parse(Files.readString(json, StandardCharsets.UTF_8)), env,
                json.getParent() == null ? json.toString()
                        : json.getParent().getFileName() + "/" + json.getFileName());
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        String previous = Files.exists(markdown) ? Files.readString(markdown, StandardCharsets.UTF_8) : "";
        Files.writeString(markdown, HandWritten.keep(previous, report.markdown(chart.getFileName().toString())),
                StandardCharsets.UTF_8);
        report.chart(chart);
        System.out.println("wrote " + markdown + " and " + chart);
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Comparison c : Comparisons.all()) {
            rows.add(new Row(c, find(c.oursKey()), find(c.peerKey())));
        }
        return rows;
    }

    private Optional<Metric> find(Comparisons.Key key) {
        return results.find(key.benchmark(), key.metric(), key.queue());
    }

    // ---- markdown ----

    public String markdown(String chartFile) {
        StringBuilder md = new StringBuilder();
        String mode = env.getProperty("mode", "unknown");
        md.append("# Benchmarks\n\n");
        md.append("<!-- Generated by benchmarks/run (io.freelock.benchmarks.report.Report): edit the generator, not this file. -->\n\n");
        md.append("Ours against JCTools, Agrona, the Disruptor and the JDK, every ratio from one run: `")
                .append(resultsName).append("` (").append(mode).append(" pass, ")
                .append(env.getProperty("started", "start unknown")).append(").\n\n");
        md.append("Produced by `").append(env.getProperty("command", "benchmarks/run")).append("`");
        String duration = env.getProperty("duration_seconds");
        if (duration != null) {
            md.append(" in ").append(minutes(duration)).append(" (build, benchmarks and this report)");
        }
        md.append(".\n\n");
        if (!"full".equals(mode)) {
            md.append("> **A ").append(mode).append(" pass**: one fork and a few short iterations per benchmark, so the "
                    + "errors are wide. It shows where we stand; a full pass (`benchmarks/run`) on a quiet machine is "
                    + "what the targets should be judged on.\n\n");
        }
        String note = env.getProperty("note");
        if (note != null && !note.isBlank()) {
            md.append("> **Conditions:** ").append(note).append("\n\n");
        }

        md.append("## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "CPU", env.getProperty("cpu_model", "unknown"));
        row(md, "cores (online, as the JVM sees them)", env.getProperty("cores", "unknown"));
        row(md, "memory", env.getProperty("memory", "unknown"));
        row(md, "kernel", env.getProperty("kernel", "unknown"));
        row(md, "JVM", jvm());
        row(md, "load average before / after the run", env.getProperty("load_before", "?") + " / "
                + env.getProperty("load_after", "?"));
        row(md, "JMH settings", settings());
        row(md, "source", env.getProperty("git", "unknown"));
        md.append('\n');

        List<Row> rows = rows();
        md.append("## Targets (issues 6, 12 and 14)\n\n");
        md.append("Ratio above 1: ours is faster. The error is the two scores' 99.9% confidence half-widths (JMH's "
                + "`scoreError`) combined in quadrature; \"within error\" means the interval contains the target.\n\n");
        md.append("| target | ours | peer | ratio | verdict |\n|---|---|---|---:|---|\n");
        for (Row r : rows) {
            if (r.comparison().target() == null) {
                continue;
            }
            md.append("| ").append(r.comparison().target().text()).append(" | ").append(r.comparison().ours())
                    .append(" | ").append(r.comparison().peer()).append(" | ").append(ratioText(r)).append(" | ")
                    .append(r.verdict()).append(" |\n");
        }
        md.append('\n');

        md.append("## Ratios: ours ÷ peer, same run\n\n");
        md.append("Throughputs are elements (or operations) per µs, summed over the group's threads: for the queues, "
                + "elements the consumer took (`polled`/`drained` counters); round trips are ns per trip (there the "
                + "ratio is peer ÷ ours, so above 1 is still ours faster).\n\n");
        Map<String, List<Row>> sections = new LinkedHashMap<>();
        for (Row r : rows) {
            sections.computeIfAbsent(r.comparison().section(), s -> new ArrayList<>()).add(r);
        }
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, List<Row>> section : sections.entrySet()) {
            if (section.getValue().stream().noneMatch(Row::measured)) {
                skipped.add(section.getKey());
                continue;
            }
            md.append("### ").append(section.getKey()).append("\n\n");
            md.append("| ours | peer | ours | peer | ratio |\n|---|---|---:|---:|---:|\n");
            for (Row r : section.getValue()) {
                md.append("| ").append(r.comparison().ours()).append(" | ").append(r.comparison().peer()).append(" | ")
                        .append(score(r.ours())).append(" | ").append(score(r.peer())).append(" | ")
                        .append(ratioText(r)).append(" |\n");
            }
            md.append('\n');
        }
        if (!skipped.isEmpty()) {
            md.append("Not in this run: ").append(String.join("; ", skipped)).append(".\n\n");
        }

        md.append("## Chart\n\n");
        md.append("![Each of ours as a ratio to each peer, same run](").append(chartFile).append(")\n\n");
        md.append("Bars are ours ÷ peer (above the red line at 1.0, ours is faster), with the ratio's error (cut off at "
                + "the top of the axis when a short run makes it very wide). Labels start with the table: 1P1C, "
                + "2P1C, batch, RTT (round trip), 1T (one thread), engine.\n\n");

        md.append("## Every result of the run\n\n");
        md.append("Failures are calls per µs that found the queue full (`offerFailed`, `fillFailed`) or empty "
                + "(`pollFailed`, `drainFailed`); `offerHeld`/`fillHeld` count calls the harness held back because an "
                + "unbounded queue's consumer was 64 Ki elements behind.\n\n");
        md.append("| benchmark | queue | threads | score | failures / held (per µs) |\n|---|---|---:|---:|---|\n");
        for (Run run : results.runs()) {
            String queue = run.params().getOrDefault("queue", "");
            Metric headline = headline(run);
            md.append("| ").append(run.benchmark()).append(" | ").append(queue.isEmpty() ? "" : Comparisons.name(queue))
                    .append(" | ").append(run.threads()).append(" | ").append(score(Optional.of(headline)))
                    .append(" | ").append(failures(run)).append(" |\n");
        }
        md.append('\n');

        md.append("## How to run\n\n");
        md.append("```\nbenchmarks/run            # the full suite: 2 forks, 5 × 1 s warm-up, 5 × 1 s measurement\n"
                + "benchmarks/run --quick    # one fork, 3 × 0.5 s + 5 × 0.5 s, without the one-thread Burst set\n"
                + "benchmarks/run --quick OneToOne   # any JMH benchmark regex narrows the run\n```\n\n");
        md.append("Each run keeps its JSON under `benchmarks/results/` (with a `.env` file describing the machine) and "
                + "regenerates this page and its chart, keeping the hand-written sections below it (figures of other "
                + "harnesses, each between `hand-written` comments). Findings and recommendations from the runs so "
                + "far: [benchmarks-findings.md](benchmarks-findings.md).\n");
        return md.toString();
    }

    private String jvm() {
        Set<String> vms = new LinkedHashSet<>();
        results.runs().forEach(r -> vms.add(r.vm()));
        String java = env.getProperty("java");
        return vms.isEmpty() ? (java == null ? "unknown" : java) : String.join(", ", vms);
    }

    private String settings() {
        Set<String> settings = new LinkedHashSet<>();
        for (Run r : results.runs()) {
            settings.add(r.forks() + (r.forks() == 1 ? " fork, " : " forks, ") + "warm-up " + r.warmup()
                    + ", measurement " + r.measurement());
        }
        return settings.isEmpty() ? "none" : String.join("; ", settings);
    }

    /** @return the figure a run is judged by: the consumer's count for a queue group, ping for a round trip */
    private static Metric headline(Run run) {
        for (String name : new String[] {"polled", "drained", "ping"}) {
            if (run.secondary().containsKey(name)) {
                return run.secondary().get(name);
            }
        }
        return run.primary();
    }

    private static String failures(Run run) {
        List<String> parts = new ArrayList<>();
        for (String name : new String[] {"offerFailed", "pollFailed", "offerHeld", "fillFailed", "drainFailed", "fillHeld"}) {
            Metric m = run.secondary().get(name);
            if (m != null) {
                parts.add(name + " " + number(m.score()));
            }
        }
        return String.join(", ", parts);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String minutes(String seconds) {
        try {
            long s = Long.parseLong(seconds.trim());
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        } catch (NumberFormatException e) {
            return seconds + " s";
        }
    }

    static String ratioText(Row r) {
        if (!r.measured()) {
            return "not measured";
        }
        double e = r.ratioError();
        return number(r.ratio()) + (Double.isNaN(e) ? "" : " ± " + number(e));
    }

    static String score(Optional<Metric> metric) {
        if (metric.isEmpty()) {
            return "not measured";
        }
        Metric m = metric.get();
        return number(m.score()) + (Double.isNaN(m.error()) ? "" : " ± " + number(m.error())) + " " + m.unit();
    }

    /** @return three significant digits, never in exponent form */
    static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return String.valueOf(x);
        }
        if (x == 0) {
            return "0";
        }
        double magnitude = Math.floor(Math.log10(Math.abs(x)));
        int decimals = (int) Math.max(0, 2 - magnitude);
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    private static double square(double x) {
        return x * x;
    }

    // ---- chart ----

    /** Draws every measured ratio as a bar with its error, labelled with its table's shape, and a line at 1.0. */
    public void chart(Path png) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Row r : rows()) {
            if (r.measured()) {
                rows.add(r);
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(1600).height(900)
                .title("Ours ÷ peer, same run (above 1.0: ours is faster)").xAxisTitle("").yAxisTitle("ratio").build();
        Styler.ChartTheme theme = Styler.ChartTheme.XChart;
        chart.getStyler().setTheme(theme.newInstance(theme));
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        chart.getStyler().setLabelsPosition(1.0);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(yMax(rows));
        chart.getStyler().setAnnotationLineColor(Color.RED);
        chart.getStyler().setDecimalPattern("0.0##");
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (Row r : rows) {
            labels.add(r.comparison().chartLabel());
            ratios.add(r.ratio());
            double error = r.ratioError();
            errors.add(Double.isNaN(error) ? 0.0 : error);
        }
        if (labels.isEmpty()) {
            chart.addSeries("nothing measured", List.of("none"), List.of(0.0));
        } else {
            chart.addSeries("ours ÷ peer (error: 99.9% half-widths in quadrature)", labels, ratios, errors);
        }
        chart.addAnnotation(new AnnotationLine(1.0, false, false));
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @return the top of the y axis: room for every ratio and for the line at 1.0, but no more than 1.5 times the
     *         largest ratio, so that the wide error bars of a short run do not flatten every bar (they are cut off)
     */
    static double yMax(List<Row> rows) {
        double top = 1.2;
        double largest = 0;
        for (Row r : rows) {
            largest = Math.max(largest, r.ratio());
            double error = r.ratioError();
            top = Math.max(top, r.ratio() + (Double.isNaN(error) ? 0 : error));
        }
        return Math.ceil(Math.min(top, Math.max(1.2, largest * 1.5)) * 10) / 10;
    }

}
