package io.freelock.metrics.hdr;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricType;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Apache Felix Web Console page {@value #LABEL}: every series of the registry with its value now and a chart of the
 * last two minutes (a sample every {@value #PERIOD_SECONDS} s while the page's component is active). A plain Servlet
 * service with the Web Console's plugin properties, here because only this bundle can read its registry; without a
 * Web Console nothing gets the service, so nothing loads this class.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + MetricsPage.LABEL,
    "felix.webconsole.title=Metrics",
    "felix.webconsole.category=Freelock"
})
public final class MetricsPage extends HttpServlet {

    static final String LABEL = "freelock-metrics";
    static final int PERIOD_SECONDS = 2;
    private static final long serialVersionUID = 1L;

    private final transient MetricsSource source;
    private final transient SeriesHistory history;
    private final transient ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "freelock-metrics-page");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public MetricsPage(@Reference MetricsSource source) {
        this.source = source;
        this.history = new SeriesHistory(source::families);
        sampler.scheduleAtFixedRate(history::sample, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String filter = request.getParameter("filter");
        PrintWriter out = response.getWriter();
        out.println("<form method='get'><label>Filter (name or tag=value) <input name='filter' value='"
                + forHtmlAttribute(filter == null ? "" : filter) + "'></label> <button type='submit'>Show</button></form>");
        out.println("<p>Counters are charted as a rate per second, gauges as their value, timers and histograms as their "
                + "99th percentile; a point every " + PERIOD_SECONDS + " s, the last " + SeriesHistory.POINTS + " points. "
                + "The same series are served as Prometheus text at <a href='/metrics'>/metrics</a>.</p>");
        out.println("<table id='metrics' class='nicetable'><thead><tr><th>Name</th><th>Tags</th><th>Type</th><th>Now</th>"
                + "<th>Chart</th><th>Range charted</th></tr></thead><tbody>");
        for (FamilySnapshot family : source.families()) {
            for (Metric series : family.series()) {
                if (MetricsTable.matches(series, filter)) {
                    row(out, family, series);
                }
            }
        }
        out.println("</tbody></table>");
    }

    private void row(PrintWriter out, FamilySnapshot family, Metric series) {
        List<Double> points = history.of(series);
        String range = points.isEmpty() ? "" : format(series.type(), points.stream().mapToDouble(d -> d).min().orElse(0))
                + " .. " + format(series.type(), points.stream().mapToDouble(d -> d).max().orElse(0));
        out.println("<tr data-series='" + forHtmlAttribute(series.name() + series.tags()) + "'><td title='"
                + forHtmlAttribute(family.description()) + "'>" + forHtml(series.name()) + "</td><td>"
                + forHtml(series.tags().isEmpty() ? "" : series.tags().toString()) + "</td><td>"
                + series.type().label() + "</td><td>" + forHtml(points.isEmpty() ? "" : format(series.type(),
                        points.get(points.size() - 1))) + "</td><td>" + SparkLine.svg(points) + "</td><td>"
                + forHtml(range) + "</td></tr>");
    }

    /** A charted value as a person reads it: a rate, a duration, or a number. */
    static String format(MetricType type, double value) {
        switch (type) {
            case COUNTER:
                return String.format(Locale.ROOT, "%,.1f/s", value);
            case TIMER:
                return MetricsTable.duration(Math.round(value * 1e9));
            default:
                return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) value)
                        : String.format(Locale.ROOT, "%.4g", value);
        }
    }
}
