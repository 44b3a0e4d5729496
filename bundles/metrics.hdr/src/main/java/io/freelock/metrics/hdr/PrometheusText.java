package io.freelock.metrics.hdr;

import java.util.List;
import java.util.Map;

import io.freelock.metrics.Counter;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricNames;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.Timer;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4:
 * <ul>
 * <li>a counter {@code x} as {@code x_total}, type counter;</li>
 * <li>a gauge as it is;</li>
 * <li>a timer or histogram {@code x} as a summary: {@code x{quantile="0.5"}}, {@code 0.99} and {@code 0.999},
 * then {@code x_count} and {@code x_sum}; and after it a gauge family {@code x_max}. Timers in seconds.</li>
 * </ul>
 * Every family has its # TYPE line (and # HELP when it has a description) before its samples, and all
 * samples of a family are together, as the format requires.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final List<Double> QUANTILES = List.of(0.5, 0.99, 0.999);

    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusText() {
    }

    static String write(List<FamilySnapshot> families) {
        StringBuilder out = new StringBuilder(256 * families.size() + 16);
        for (FamilySnapshot family : families) {
            switch (family.type()) {
                case COUNTER: writeCounters(family, out); break;
                case GAUGE: writeGauges(family, out); break;
                default: writeSummaries(family, out); break;
            }
        }
        return out.toString();
    }

    private static void writeCounters(FamilySnapshot family, StringBuilder out) {
        String name = family.name() + MetricNames.COUNTER_SUFFIX;
        header(out, name, family.description(), "counter");
        for (Metric series : family.series()) {
            sample(out, name, series, null, Long.toString(((Counter) series).count()));
        }
    }

    private static void writeGauges(FamilySnapshot family, StringBuilder out) {
        header(out, family.name(), family.description(), "gauge");
        for (Metric series : family.series()) {
            sample(out, family.name(), series, null, number(((Gauge) series).value()));
        }
    }

    private static void writeSummaries(FamilySnapshot family, StringBuilder out) {
        String name = family.name();
        boolean timer = family.type() == MetricType.TIMER;
        double scale = timer ? NANOS_PER_SECOND : 1;
        DistributionSnapshot[] snapshots = new DistributionSnapshot[family.series().size()];
        for (int i = 0; i < snapshots.length; i++) {
            Metric series = family.series().get(i);
            snapshots[i] = timer ? ((Timer) series).snapshot() : ((Histogram) series).snapshot();
        }
        header(out, name, family.description(), "summary");
        for (int i = 0; i < snapshots.length; i++) {
            Metric series = family.series().get(i);
            for (double quantile : QUANTILES) {
                sample(out, name, series, quantile, number(snapshots[i].valueAtQuantile(quantile) / scale));
            }
            sample(out, name + "_count", series, null, Long.toString(snapshots[i].count()));
            sample(out, name + "_sum", series, null, number(snapshots[i].sum() / scale));
        }
        String max = name + "_max";
        header(out, max, family.description().isEmpty() ? "" : "Largest value of " + name, "gauge");
        for (int i = 0; i < snapshots.length; i++) {
            sample(out, max, family.series().get(i), null, number(snapshots[i].max() / scale));
        }
    }

    private static void header(StringBuilder out, String name, String description, String type) {
        if (!description.isEmpty()) {
            out.append("# HELP ").append(name).append(' ')
                    .append(description.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        }
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Metric series, Double quantile, String value) {
        out.append(name);
        Map<String, String> tags = series.tags().asMap();
        if (!tags.isEmpty() || quantile != null) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                label(out, tag.getKey(), tag.getValue());
            }
            if (quantile != null) {
                if (!first) {
                    out.append(',');
                }
                label(out, "quantile", quantile.toString());
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static void label(StringBuilder out, String key, String value) {
        out.append(key).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '"': out.append("\\\""); break;
                case '\n': out.append("\\n"); break;
                default: out.append(c); break;
            }
        }
        out.append('"');
    }

    /** Go's ParseFloat reads all of these; whole numbers are written without a fraction. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
