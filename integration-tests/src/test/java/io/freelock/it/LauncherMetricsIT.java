package io.freelock.it;

import static io.freelock.it.LauncherProcess.awaitOutput;
import static io.freelock.it.LauncherProcess.exitCode;
import static io.freelock.it.LauncherProcess.launch;
import static io.freelock.it.LauncherProcess.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.Test;

/** The launcher jar's HTTP side, run as a user runs it: the port option, /metrics, and a port already taken. */
public class LauncherMetricsIT {


    @Test
    public void theLauncherServesMetricsOnLoopbackAtTheChosenPort() throws Exception {
        int port = FreelockContainer.freePort();
        Process launcher = launch("http", "--http-port", Integer.toString(port));
        try {
            awaitOutput("http", "freelock: HTTP on http://127.0.0.1:" + port + "/; metrics at http://127.0.0.1:"
                    + port + "/metrics");
            Scrape scrape = Scrape.awaitOk(port);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType);
            awaitOutput("http", " bundles started; "); // printed once every bundle's start returned
            assertTrue(output("http"), output("http").matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
        } finally {
            launcher.destroy();
            exitCode(launcher);
        }
    }

    @Test
    public void aBadPortIsNamedAndNothingStarts() throws Exception {
        Process launcher = launch("badport", "--http-port", "70000");
        assertEquals(2, exitCode(launcher));
        String out = output("badport");
        assertTrue(out, out.contains("port 70000 is not between 0 and 65535"));
        assertTrue(out, out.contains("--http-port <port>"));
        assertTrue(out, !out.contains("Felix"));
    }

    @Test
    public void aPortAlreadyTakenIsReportedAndEverythingElseStillStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(FreelockContainer.HTTP_HOST))) {
            Process launcher = launch("taken", "--http-port", Integer.toString(taken.getLocalPort()));
            try {
                awaitOutput("taken", "bundles started");
                String out = output("taken");
                assertTrue(out, out.contains("warning: 127.0.0.1:" + taken.getLocalPort() + " is in use"));
                assertTrue(out, out.matches("(?s).*, (\\d+) of \\1 bundles started;.*"));
            } finally {
                launcher.destroy();
                exitCode(launcher);
            }
        }
    }

}
