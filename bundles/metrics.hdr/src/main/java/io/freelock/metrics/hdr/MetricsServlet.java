package io.freelock.metrics.hdr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format 0.0.4, through the OSGi Servlet
 * Whiteboard (Felix HTTP Jetty serves it; where it listens is the container's HTTP configuration).
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
        byte[] body = PrometheusText.write(source.families()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Content-Type", PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
