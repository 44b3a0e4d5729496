package io.freelock.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * Where Felix HTTP (and so {@code /metrics}) listens: {@value #HOST} only, on the port of {@code --http-port}.
 * Says so once the server is up, and tells before start-up when the port is taken, in one line instead of
 * Jetty's stack traces.
 */
final class HttpEndpoint {

    /** This machine only: an operator who wants remote scrapes configures PID org.apache.felix.http. */
    static final String HOST = "127.0.0.1";

    /** Felix HTTP's runtime service for the jakarta whiteboard, which /metrics is registered on. */
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";

    /** The id of Freelock's console login, a SecurityProvider registered once PID io.freelock.console is set. */
    static final String CONSOLE_SECURITY_PROVIDER = "freelock";

    private final int port;
    private final PrintStream out;
    /** Guarded by this; waited on by {@link #awaitReported}. */
    private String reported = "";

    HttpEndpoint(int port, PrintStream out) {
        this.port = port;
        this.out = out;
    }

    /** Adds the framework properties Felix HTTP reads when it starts (ConfigAdmin may override them later). */
    void configure(Map<String, String> frameworkProperties) {
        frameworkProperties.put("org.osgi.service.http.port", Integer.toString(port));
        frameworkProperties.put("org.apache.felix.http.host", HOST);
        // The Web Console serves only once this provider (io.freelock.console's operator login) is registered, and
        // then never accepts its built-in admin/admin: no operator configured, no console.
        frameworkProperties.put("felix.webconsole.security.providers", CONSOLE_SECURITY_PROVIDER);
    }

    /**
     * @return why the port cannot be had, if another process already listens on it: the launcher refuses to start
     *         then, since Jetty would only fail later with pages of stack traces and leave /metrics unserved
     */
    Optional<String> inUse() {
        if (port == 0) {
            return Optional.empty(); // any free port: nothing can be taken
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return Optional.empty();
        } catch (IOException e) {
            // Mostly another listener; but say it as it is when the cause is another (a port below 1024 without rights)
            String what = String.valueOf(e.getMessage()).contains("in use") ? "is in use" : "cannot be listened on";
            return Optional.of(String.format("%s:%d %s (%s): choose another port with --http-port (0 takes any "
                    + "free one)", HOST, port, what, e.getMessage()));
        }
    }

    /** Waits, at most {@code millis}, until the HTTP server has said where it listens. */
    boolean awaitReported(long millis) throws InterruptedException {
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (reported.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }

    /** From now on, prints where the HTTP server listens each time that changes. */
    void report(BundleContext context) throws InvalidSyntaxException {
        ServiceListener listener = this::changed;
        context.addServiceListener(listener, "(" + Constants.OBJECTCLASS + "=" + RUNTIME + ")");
    }

    private void changed(ServiceEvent event) {
        if (event.getType() == ServiceEvent.UNREGISTERING) {
            synchronized (this) {
                reported = "";
            }
            return;
        }
        Object endpoints = event.getServiceReference().getProperty("osgi.http.endpoint");
        if (endpoints == null) {
            return;
        }
        String endpoint = endpoints instanceof String[] ? ((String[]) endpoints)[0] : endpoints.toString();
        synchronized (this) {
            if (!endpoint.equals(reported)) {
                reported = endpoint;
                String root = endpoint.endsWith("/") ? endpoint : endpoint + "/";
                out.printf("freelock: HTTP on %s; metrics at %smetrics; operator console at %ssystem/console/%n",
                        endpoint, root, root);
                notifyAll();
            }
        }
    }
}
