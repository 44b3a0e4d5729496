package io.freelock.metrics.hdr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.freelock.metrics.Counter;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.Timer;

/**
 * Writes metrics in the Prometheus text exposition format 0.0.4, or in OpenMetrics 1.0.0 text when the scraper
 * asks for it:
 * <ul>
 * <li>a counter {@code x} as the sample {@code x_total}; its family is {@code x_total} in 0.0.4 and {@code x} in
 * OpenMetrics;</li>
 * <li>a gauge as it is;</li>
 * <li>a timer or histogram {@code x} as a summary: {@code x{quantile="0.5"}}, {@code 0.99} and {@code 0.999},
 * then {@code x_count} and {@code x_sum}; and after it a gauge family {@code x_max}. Timers in seconds;</li>
 * <li>an info family {@code x} (the JVM's) as the sample {@code x_info 1}: a gauge {@code x_info} in 0.0.4, an info
 * {@code x} in OpenMetrics.</li>
 * </ul>
 * Every family has its # TYPE line (and # HELP when it has a description) before its samples, and all samples of a
 * family are together, as both formats require; OpenMetrics ends with {@code # EOF}.
 */
final class PrometheusText {

    /** The two text formats, each with the content type it is served as. */
    enum Format {
        PROMETHEUS_0_0_4("text/plain; version=0.0.4; charset=utf-8"),
        OPENMETRICS_1_0_0("application/openmetrics-text; version=1.0.0; charset=utf-8");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    static final String CONTENT_TYPE = Format.PROMETHEUS_0_0_4.contentType;
    static final List<Double> QUANTILES = List.of(0.5, 0.99, 0.999);

    private static final double NANOS_PER_SECOND = 1e9;

    private PrometheusText() {
    }

    /** @return the registry's families in the 0.0.4 format */
    static String write(List<FamilySnapshot> families) {
        return write(exposed(families), Format.PROMETHEUS_0_0_4);
    }

    static String write(List<ExposedFamily> families, Format format) {
        StringBuilder out = new StringBuilder(256 * families.size() + 16);
        boolean openMetrics = format == Format.OPENMETRICS_1_0_0;
        for (ExposedFamily family : families) {
            String name = family.name();
            String type;
            switch (family.kind()) {
                case COUNTER: type = "counter"; name = openMetrics ? name : name + "_total"; break;
                case INFO: type = openMetrics ? "info" : "gauge"; name = openMetrics ? name : name + "_info"; break;
                case SUMMARY: type = "summary"; break;
                default: type = "gauge"; break;
            }
            if (!family.help().isEmpty()) {
                out.append("# HELP ").append(name).append(' ').append(escape(family.help(), openMetrics)).append('\n');
            }
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            for (ExposedFamily.Sample sample : family.samples()) {
                out.append(family.name()).append(sample.suffix());
                if (!sample.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                        out.append(first ? "" : ",").append(label.getKey()).append("=\"")
                                .append(escape(label.getValue(), true)).append('"');
                        first = false;
                    }
                    out.append('}');
                }
                out.append(' ').append(sample.value()).append('\n');
            }
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    /** @return the registry's families as the formats write them, each summary followed by its {@code _max} gauge */
    static List<ExposedFamily> exposed(List<FamilySnapshot> families) {
        List<ExposedFamily> exposed = new ArrayList<>(families.size() + 4);
        for (FamilySnapshot family : families) {
            switch (family.type()) {
                case COUNTER: exposed.add(counters(family)); break;
                case GAUGE: exposed.add(gauges(family)); break;
                default: summaries(family, exposed); break;
            }
        }
        return exposed;
    }

    private static ExposedFamily counters(FamilySnapshot family) {
        List<ExposedFamily.Sample> samples = new ArrayList<>();
        for (Metric series : family.series()) {
            samples.add(new ExposedFamily.Sample("_total", labels(series, null), Long.toString(((Counter) series).count())));
        }
        return new ExposedFamily(family.name(), ExposedFamily.Kind.COUNTER, family.description(), samples);
    }

    private static ExposedFamily gauges(FamilySnapshot family) {
        List<ExposedFamily.Sample> samples = new ArrayList<>();
        for (Metric series : family.series()) {
            samples.add(new ExposedFamily.Sample("", labels(series, null), number(((Gauge) series).value())));
        }
        return new ExposedFamily(family.name(), ExposedFamily.Kind.GAUGE, family.description(), samples);
    }

    private static void summaries(FamilySnapshot family, List<ExposedFamily> exposed) {
        boolean timer = family.type() == MetricType.TIMER;
        double scale = timer ? NANOS_PER_SECOND : 1;
        List<ExposedFamily.Sample> samples = new ArrayList<>();
        List<ExposedFamily.Sample> maxima = new ArrayList<>();
        for (Metric series : family.series()) {
            DistributionSnapshot snapshot = timer ? ((Timer) series).snapshot() : ((Histogram) series).snapshot();
            for (double quantile : QUANTILES) {
                samples.add(new ExposedFamily.Sample("", labels(series, quantile),
                        number(snapshot.valueAtQuantile(quantile) / scale)));
            }
            samples.add(new ExposedFamily.Sample("_count", labels(series, null), Long.toString(snapshot.count())));
            samples.add(new ExposedFamily.Sample("_sum", labels(series, null), number(snapshot.sum() / scale)));
            maxima.add(new ExposedFamily.Sample("", labels(series, null), number(snapshot.max() / scale)));
        }
        exposed.add(new ExposedFamily(family.name(), ExposedFamily.Kind.SUMMARY, family.description(), samples));
        exposed.add(new ExposedFamily(family.name() + "_max", ExposedFamily.Kind.GAUGE,
                family.description().isEmpty() ? "" : "Largest value of " + family.name(), maxima));
    }

    private static Map<String, String> labels(Metric series, Double quantile) {
        Map<String, String> labels = new LinkedHashMap<>(series.tags().asMap());
        if (quantile != null) {
            labels.put("quantile", quantile.toString());
        }
        return labels;
    }

    /**
     * Backslash and line feed are escaped everywhere; the double quote in label values, and in OpenMetrics also in
     * help text (0.0.4 leaves it as it is there).
     */
    private static String escape(String text, boolean quote) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '"': out.append(quote ? "\\\"" : "\""); break;
                default: out.append(c); break;
            }
        }
        return out.toString();
    }

    /** Go's ParseFloat and the OpenMetrics grammar read all of these; whole numbers are written without a fraction. */
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
