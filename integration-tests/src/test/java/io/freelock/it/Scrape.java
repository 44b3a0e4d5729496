package io.freelock.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import io.freelock.queue.testkit.Await;

/** One HTTP GET of /metrics on the loopback address, and the value of a series in what came back. */
final class Scrape {

    final int status;
    final String contentType;
    /** The answer's Content-Encoding, or null */
    final String contentEncoding;
    final String body;

    private Scrape(int status, String contentType, String contentEncoding, String body) {
        this.status = status;
        this.contentType = contentType;
        this.contentEncoding = contentEncoding;
        this.body = body;
    }

    static Scrape get(int port) throws IOException {
        return get(port, Map.of());
    }

    /**
     * A GET with these request headers; a gzipped answer is unzipped, and its Content-Encoding kept in
     * {@link #contentEncoding}.
     */
    static Scrape get(int port, Map<String, String> headers) throws IOException {
        URL url = new URL("http://" + FreelockContainer.HTTP_HOST + ":" + port + "/metrics");
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        headers.forEach(connection::setRequestProperty);
        try {
            int status = connection.getResponseCode();
            InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String encoding = connection.getContentEncoding();
            if (in != null && "gzip".equals(encoding)) {
                in = new GZIPInputStream(in);
            }
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Scrape(status, connection.getContentType(), encoding, body);
        } finally {
            connection.disconnect();
        }
    }

    /** @return the status of a GET, or -1 if nothing answered */
    static int status(int port) {
        try {
            return get(port).status;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until GET /metrics answers 200 and returns that answer. */
    static Scrape awaitOk(int port) throws IOException {
        Await.until("GET /metrics on port " + port + " to answer 200", () -> status(port) == 200);
        Scrape scrape = get(port);
        if (scrape.status != 200) {
            throw new AssertionError("GET /metrics answered " + scrape.status + " right after 200: " + scrape.body);
        }
        return scrape;
    }

    /** Waits until {@code series} has {@code expected} in a 200 answer, and returns what it has then. */
    static double awaitValue(int port, String series, double expected) throws IOException {
        Await.until(series + " = " + expected + " at /metrics", () -> {
            try {
                Scrape scrape = get(port);
                return scrape.status == 200 && scrape.find(series) != null && scrape.value(series) == expected;
            } catch (IOException e) {
                return false;
            }
        });
        return awaitOk(port).value(series);
    }

    /** @return the value of the sample line for {@code series} (name and labels as written) */
    double value(String series) {
        String line = find(series);
        if (line == null) {
            throw new AssertionError("no sample " + series + " in:\n" + body);
        }
        return Double.parseDouble(line.substring(series.length() + 1));
    }

    private String find(String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return line;
            }
        }
        return null;
    }
}
