package io.freelock.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.consensus.engine.Durability;

/**
 * The load harness's short run, as CI runs it: 10 tables of 3 players for 3 seconds, sync, on H2. It checks what the
 * harness reports rather than how fast it went (never a time in a test), and that every acknowledged operation is in
 * the journal: the tables opened again recover to at least the version each one acknowledged last.
 */
class LoadHarnessTest {

    @TempDir
    Path folder;

    @Test
    void aShortRunReportsItsFiguresAndLosesNothingAcknowledged() throws Exception {
        Path json = folder.resolve("result.json");
        Path journal = folder.resolve("journal");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LoadResult result = new LoadHarness(Map.of("tables", "10", "seconds", "3", "warmup", "1", "durability", "sync",
                "h2", journal.toString(), "connections", "4", "journal-threads", "2", "json", json.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("t=1s acked") && out.contains("t=3s acked"), "progress each second:\n" + out);
        assertTrue(out.contains("RESULT tables=10 durability=sync db=h2"), out);
        assertTrue(result.acknowledged > 0, "operations were acknowledged");
        assertEquals(30, result.playerThreads, "three player threads a table, ten tables");
        assertTrue(result.mostConnections >= 1 && result.mostConnections <= 4,
                "the store's connections stay within its pool: " + result.mostConnections);
        assertTrue(result.p50Micros > 0 && result.p50Micros <= result.p99Micros
                && result.p99Micros <= result.p999Micros, result.summary());
        String written = Files.readString(json);
        for (String key : new String[] {"\"opsPerSecond\"", "\"p99\"", "\"p999\"", "\"connections\"", "\"threads\"",
                "\"perTableBytes\"", "\"perTablePlayedBytes\""}) {
            assertTrue(written.contains(key), key + " in " + written);
        }

        try (Tables again = new Tables(Tables.Database.h2(journal), 10, Durability.SYNC, 4, 2)) {
            for (int t = 0; t < 10; t++) {
                long acknowledged = result.acknowledgedVersions.get(t);
                assertTrue(acknowledged > 0, "table t" + t + " was played");
                assertTrue(again.tables().get(t).current().version() >= acknowledged, "table t" + t
                        + " recovers to v" + again.tables().get(t).current().version() + ", but v" + acknowledged
                        + " was acknowledged");
            }
        }
    }
}
