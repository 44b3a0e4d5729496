package io.freelock.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.engine.Durability;

/**
 * A server killed with SIGKILL in the middle of a load run loses nothing it acknowledged: a child JVM plays 20 tables
 * ({@code -Dkill.tables=N} for another number)
 * in sync durability on an H2 file and prints, each second, every table's highest acknowledged version; once it has
 * done so a few times, it is killed ({@link Process#destroyForcibly}, SIGKILL on Linux), and the tables opened again
 * on the same file must each recover to at least the version last printed for it.
 */
class KillRecoveryTest {

    /** 20 in CI; {@code -Dkill.tables=1000} kills the 1,000-table run of issue 15 (on demand). */
    private static final int TABLES = Integer.getInteger("kill.tables", 20);
    private static final long PATIENCE_SECONDS = 120;

    @TempDir
    Path folder;

    @Test
    void everyTableRecoversToAtLeastItsLastAcknowledgedVersionAfterSigkill() throws Exception {
        Path journal = folder.resolve("journal");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LoadHarness.class.getName(), "--tables", String.valueOf(TABLES), "--seconds", "600", "--warmup", "0",
                "--durability", "sync", "--h2", journal.toString(), "--acks").redirectErrorStream(true).start();
        long[] acknowledged = null;
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
            int reports = 0;
            // reads until three progress lines showed every table played, or the child ended, or the deadline
            for (String line; reports < 3 && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                int at = line.indexOf(" acks ");
                if (at >= 0) {
                    long[] versions = Arrays.stream(line.substring(at + 6).trim().split(","))
                            .mapToLong(Long::parseLong).toArray();
                    if (Arrays.stream(versions).allMatch(v -> v > 0)) {
                        acknowledged = versions;
                        reports++;
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    fail("no progress within " + PATIENCE_SECONDS + " s:\n" + seen);
                }
            }
            assertTrue(acknowledged != null && child.isAlive(), "the child ran and was still running:\n" + seen);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
            assertTrue(child.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS), "the child died");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
        assertEquals(TABLES, acknowledged.length);

        try (Tables recovered = new Tables(Tables.Database.h2(journal), TABLES, Durability.SYNC, 4, 2)) {
            List<io.freelock.consensus.GameEngine<Long, Long>> tables = recovered.tables();
            for (int t = 0; t < TABLES; t++) {
                long version = tables.get(t).current().version();
                assertTrue(version >= acknowledged[t], "table t" + t + " recovered to v" + version + ", but v"
                        + acknowledged[t] + " was acknowledged before the kill");
                // the running total is the sum of the operations, each adding 1: the state is the one of its version
                assertEquals(version, (long) tables.get(t).current().state());
            }
        }
    }
}
