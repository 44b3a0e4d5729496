package io.freelock.metrics.hdr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: every metric of the registry, then the JVM and process families, in the Prometheus text
 * format 0.0.4, or OpenMetrics 1.0.0 when the Accept header asks for it; gzipped when Accept-Encoding allows it.
 * Served through the OSGi Servlet Whiteboard (Felix HTTP Jetty serves it; where it listens is the container's HTTP
 * configuration).
 */
@Component(service = Servlet.class, property = {
    MetricsServlet.PATTERN_PROPERTY + "=" + MetricsServlet.PATH,
    "osgi.http.whiteboard.servlet.name=io.freelock.metrics"
})
public final class MetricsServlet extends HttpServlet {

    static final String PATH = "/metrics";
    static final String PATTERN_PROPERTY = "osgi.http.whiteboard.servlet.pattern";

    private static final long serialVersionUID = 1L;

    @Reference
    private transient MetricsSource source;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrometheusText.Format format = format(request.getHeader("Accept"));
        List<ExposedFamily> families = PrometheusText.exposed(source.families());
        families.addAll(JvmFamilies.collect());
        byte[] body = PrometheusText.write(families, format).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Content-Type", format.contentType);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", "Accept, Accept-Encoding");
        if (acceptsGzip(request.getHeader("Accept-Encoding"))) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(body);
            }
            body = zipped.toByteArray();
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** @return OpenMetrics if the Accept header names it (any version) without q=0, else the 0.0.4 text */
    static PrometheusText.Format format(String accept) {
        return names(accept, type -> type.equalsIgnoreCase("application/openmetrics-text"))
                ? PrometheusText.Format.OPENMETRICS_1_0_0 : PrometheusText.Format.PROMETHEUS_0_0_4;
    }

    /** @return whether the Accept-Encoding header names gzip (or any coding, {@code *}) without q=0 */
    static boolean acceptsGzip(String acceptEncoding) {
        return names(acceptEncoding, coding -> coding.equalsIgnoreCase("gzip") || coding.equals("*"));
    }

    /**
     * @param header a list such as {@code a;q=0.5, b;version=1}, or null
     * @return whether one of its entries is {@code wanted} with no {@code q} parameter, or one above 0
     */
    private static boolean names(String header, Predicate<String> wanted) {
        if (header == null) {
            return false;
        }
        for (String entry : header.split(",")) {
            String[] parts = entry.split(";");
            if (!wanted.test(parts[0].trim())) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].trim().split("=", 2);
                if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("q")) {
                    try {
                        refused = !(Double.parseDouble(parameter[1].trim()) > 0);
                    } catch (NumberFormatException malformed) {
                        refused = true;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }
}
