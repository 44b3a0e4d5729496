package io.freelock.it;

import static io.freelock.it.LauncherProcess.exitCode;
import static io.freelock.it.LauncherProcess.output;
import static io.freelock.it.LauncherProcess.relaunch;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The launcher journaling into PostgreSQL, configured as an operator does: a {@code .cfg} file in {@code deploy/}.
 * The server is a throwaway one that the project's {@code scripts/postgres} starts (installing PostgreSQL if it must).
 * The first run journals to PostgreSQL; the second recovers the game from there.
 */
public class LauncherPostgresIT {

    private static final File CLUSTER = FreelockContainer.workFolder("postgres");
    private static Properties server;

    @BeforeClass
    public static void startPostgres() throws Exception {
        script("start");
        server = new Properties();
        try (FileReader in = new FileReader(new File(CLUSTER, "connection.properties"), StandardCharsets.UTF_8)) {
            server.load(in);
        }
    }

    @AfterClass
    public static void destroyPostgres() throws Exception {
        script("destroy");
    }

    private static void script(String command) throws IOException, InterruptedException {
        File root = new File("").getAbsoluteFile();
        while (!new File(root, "scripts/postgres").isFile()) {
            root = root.getParentFile();
            assertTrue("no scripts/postgres above the working directory", root != null);
        }
        File log = new File(CLUSTER.getParentFile(), "postgres-" + command + ".log");
        Process p = new ProcessBuilder(new File(root, "scripts/postgres").getAbsolutePath(), command,
                CLUSTER.getAbsolutePath()).redirectErrorStream(true).redirectOutput(log).start();
        assertTrue("scripts/postgres " + command + " did not finish", p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(Files.readString(log.toPath()), 0, p.exitValue());
    }

    @Test
    public void aDeployedConfigurationPutsTheJournalInPostgresAndTheNextRunRecoversFromIt() throws Exception {
        File deploy = new File(LauncherProcess.freshFolder("postgres"), "deploy");
        deploy.mkdirs();
        Files.writeString(new File(deploy, "io.freelock.storage.jdbc.cfg").toPath(),
                "driverClass=org.postgresql.Driver\n" + "url=" + server.getProperty("url") + "\n" + "user="
                        + server.getProperty("user") + "\n" + ".password=" + server.getProperty("password") + "\n");

        int code = exitCode(relaunch("postgres", "--demo", "3s"));
        assertEquals(output("postgres"), 0, code);
        long first = committedVersion(output("postgres"));
        assertEquals(first, rowsInPostgres());
        assertFalse("the password never shows", output("postgres").contains(server.getProperty("password")));

        code = exitCode(relaunch("postgres", "--demo", "3s"));
        String out = output("postgres");
        assertEquals(out, 0, code);
        assertTrue(out, out.contains("recovered demo-table-1 v" + first + " "));
        assertEquals(committedVersion(out), rowsInPostgres());
    }

    private static long committedVersion(String out) {
        Matcher m = Pattern.compile("craps table: rounds \\d+, operations committed \\d+, version (\\d+),").matcher(out);
        assertTrue(out, m.find());
        return Long.parseLong(m.group(1));
    }

    private static long rowsInPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(server.getProperty("url"), server.getProperty("user"),
                server.getProperty("password")); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM freelock_operations WHERE game_id = 'demo-table-1'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
