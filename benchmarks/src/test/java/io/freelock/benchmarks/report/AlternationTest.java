package io.freelock.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlternationTest {

    @TempDir
    Path dir;

    @Test
    void forksThatAgreeGiveTheRatioOfTheirMeansWithNoSpread() {
        Alternation.Ratio r = Alternation.ratio(List.of(2.0, 2.0, 2.0), List.of(1.0, 1.0), new SplittableRandom(7));
        assertEquals(2.0, r.ratio(), 1e-12);
        assertEquals(2.0, r.low(), 1e-12);
        assertEquals(2.0, r.high(), 1e-12);
    }

    @Test
    void twoModesOnOneSideSpreadTheIntervalToTheRatiosTheirResamplesCanGive() {
        // resampled means of {100, 300}: 100, 200 or 300 (a quarter, a half, a quarter), against a steady 200
        Alternation.Ratio r = Alternation.ratio(List.of(100.0, 300.0), List.of(200.0, 200.0), new SplittableRandom(7));
        assertEquals(1.0, r.ratio(), 1e-12);
        assertEquals(0.5, r.low(), 1e-12);
        assertEquals(1.5, r.high(), 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        List<Double> ours = List.of(120.0, 80.0, 300.0, 95.0, 250.0);
        List<Double> peer = List.of(280.0, 90.0, 300.0, 310.0);
        assertEquals(Alternation.ratio(ours, peer, new SplittableRandom(1)),
                Alternation.ratio(ours, peer, new SplittableRandom(1)));
    }

    @Test
    void aSideWithoutForksIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Alternation.ratio(List.of(), List.of(1.0), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("at least one fork"), e.getMessage());
    }

    @Test
    void theTablePoolsOneForkPerFileByQueue() throws IOException {
        List<Path> files = List.of(fork("a1", "ours", 1, 150), fork("b1", "peer", 1, 100), fork("a2", "ours", 1, 250),
                fork("b2", "peer", 1, 100));
        String table = Alternation.table("drained", "peer", files);
        assertTrue(table.contains("| ours | 2 | 200.0 | [150.0, 250.0] | 2.00 (1.50 to 2.50) |"), table);
        assertTrue(table.contains("| peer | 2 | 100.0 | [100.0, 100.0] | baseline |"), table);
    }

    @Test
    void aFileWithSeveralForksIsRefusedSinceItsForksCannotBeResampled() throws IOException {
        List<Path> files = List.of(fork("a", "ours", 2, 150), fork("b", "peer", 1, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Alternation.table("drained", "peer", files));
        assertTrue(e.getMessage().contains("2 forks in one run"), e.getMessage());
    }

    @Test
    void aMissingBaselineOrMetricIsNamed() throws IOException {
        List<Path> files = List.of(fork("a", "ours", 1, 150));
        IllegalArgumentException noBaseline = assertThrows(IllegalArgumentException.class,
                () -> Alternation.table("drained", "peer", files));
        assertTrue(noBaseline.getMessage().contains("no fork of the baseline 'peer'"), noBaseline.getMessage());
        IllegalArgumentException noMetric = assertThrows(IllegalArgumentException.class,
                () -> Alternation.table("polled", "ours", files));
        assertTrue(noMetric.getMessage().contains("no metric 'polled'"), noMetric.getMessage());
    }

    /** A JMH JSON file of one Batch run of {@code queue}, its {@code drained} score {@code drained}. */
    private Path fork(String name, String queue, int forks, double drained) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), "[{\"benchmark\": \"io.freelock.benchmarks.Batch.batch\","
                + " \"mode\": \"thrpt\", \"threads\": 2, \"forks\": " + forks + ", \"params\": {\"queue\": \"" + queue
                + "\"}, \"primaryMetric\": {\"score\": 1.0, \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/us\"},"
                + " \"secondaryMetrics\": {\"drained\": {\"score\": " + drained + ", \"scoreError\": \"NaN\","
                + " \"scoreUnit\": \"ops/us\"}}}]");
    }
}
