package io.freelock.metrics.hdr;

import java.util.List;
import java.util.Locale;

/** A small inline SVG line chart of a series' recent points, scaled between their least and greatest value. */
final class SparkLine {

    static final int WIDTH = 180;
    static final int HEIGHT = 24;

    private SparkLine() {
    }

    /** @return the SVG element; a flat line for fewer than two points or constant values */
    static String svg(List<Double> points) {
        StringBuilder svg = new StringBuilder("<svg class='sparkline' width='" + WIDTH + "' height='" + HEIGHT
                + "' viewBox='0 0 " + WIDTH + " " + HEIGHT + "' role='img'><rect width='100%' height='100%' fill='#f6f6f6'/>");
        if (points.size() >= 2) {
            double min = points.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = points.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double span = max - min;
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < points.size(); i++) {
                double x = (double) i * (WIDTH - 2) / (points.size() - 1) + 1; // the points there are, edge to edge
                double y = span == 0 ? HEIGHT / 2.0 : HEIGHT - 2 - (points.get(i) - min) / span * (HEIGHT - 4);
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill='none' stroke='#2a6ebb' stroke-width='1.5' points='").append(line.toString().trim())
                    .append("'/>");
        }
        return svg.append("</svg>").toString();
    }
}
