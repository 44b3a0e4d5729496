package io.freelock.metrics.hdr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.freelock.metrics.Counter;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.Timer;

/**
 * The {@code metrics:list} table: one row per series, columns sized to their contents. Durations are in seconds,
 * as /metrics and the other commands have them, to three significant digits; counts get thousands separators.
 */
final class MetricsTable {

    static final List<String> HEADER = List.of("NAME", "TAGS", "TYPE", "VALUE/COUNT", "P50", "P99", "P99.9", "MAX");

    private MetricsTable() {
    }

    /**
     * @param filter kept are the series whose name, or whose {@code key=value} for one tag, contains it,
     *               ignoring case; null or empty keeps all
     */
    static String render(List<FamilySnapshot> families, String filter) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FamilySnapshot family : families) {
            for (Metric series : family.series()) {
                if (matches(series, filter)) {
                    rows.add(row(series));
                }
            }
        }
        if (rows.size() == 1) {
            return filter == null || filter.isEmpty() ? "no metrics are registered\n"
                    : "no metric matches '" + filter + "'\n";
        }
        return layout(rows);
    }

    static boolean matches(Metric series, String filter) {
        if (filter == null || filter.isEmpty()) {
            return true;
        }
        String wanted = filter.toLowerCase(Locale.ROOT);
        if (series.name().toLowerCase(Locale.ROOT).contains(wanted)) {
            return true;
        }
        return series.tags().asMap().entrySet().stream()
                .anyMatch(tag -> (tag.getKey() + "=" + tag.getValue()).toLowerCase(Locale.ROOT).contains(wanted));
    }

    private static List<String> row(Metric series) {
        String tags = series.tags().isEmpty() ? "-" : series.tags().toString();
        switch (series.type()) {
            case COUNTER:
                return List.of(series.name(), tags, "counter", count(((Counter) series).count()), "", "", "", "");
            case GAUGE:
                return List.of(series.name(), tags, "gauge", PrometheusText.number(((Gauge) series).value()), "", "", "", "");
            default:
                boolean timer = series.type() == MetricType.TIMER;
                DistributionSnapshot s = timer ? ((Timer) series).snapshot() : ((Histogram) series).snapshot();
                return List.of(series.name(), tags, series.type().label(), count(s.count()),
                        value(s.valueAtQuantile(0.5), timer), value(s.valueAtQuantile(0.99), timer),
                        value(s.valueAtQuantile(0.999), timer), value(s.max(), timer));
        }
    }

    private static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static String value(long value, boolean nanos) {
        return nanos ? duration(value) : count(value);
    }

    /** @return the duration in seconds, the unit /metrics exports, to three significant digits and without an exponent */
    static String duration(long nanos) {
        return new BigDecimal(nanos).movePointLeft(9).round(new MathContext(3)).stripTrailingZeros().toPlainString() + " s";
    }

    private static String layout(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                boolean numeric = i >= 3;
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(numeric ? pad + cell : cell + pad).append("  ");
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }
}
