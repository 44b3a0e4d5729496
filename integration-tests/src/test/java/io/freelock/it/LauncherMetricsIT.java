package io.freelock.it;

import static io.freelock.it.LauncherProcess.awaitOutput;
import static io.freelock.it.LauncherProcess.exitCode;
import static io.freelock.it.LauncherProcess.launch;
import static io.freelock.it.LauncherProcess.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The launcher jar's HTTP side, run as a user runs it: the port option and /metrics (a port in use: LauncherInputIT). */
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

}
