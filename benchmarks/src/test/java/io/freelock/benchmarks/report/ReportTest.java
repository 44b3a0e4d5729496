package io.freelock.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.freelock.benchmarks.report.Report.Row;

class ReportTest {

    private static Report sample() throws IOException {
        Properties env = new Properties();
        env.setProperty("mode", "quick");
        env.setProperty("cpu_model", "Test CPU");
        env.setProperty("cores", "2 online");
        env.setProperty("note", "shared machine, noisy");
        try (InputStream in = ReportTest.class.getResourceAsStream("sample.json")) {
            return new Report(Results.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), env,
                    "results/sample.json");
        }
    }

    private static Row row(Report report, String ours, String peer) {
        return report.rows().stream()
                .filter(r -> r.comparison().ours().equals(ours) && r.comparison().peer().equals(peer))
                .findFirst().orElseThrow();
    }

    @Test
    void aThroughputRatioIsOursOverThePeerOnTheConsumersCount() throws IOException {
        Row spsc = row(sample(), "SpscRingQueue", "JCTools SpscArrayQueue");
        assertTrue(spsc.measured());
        assertEquals(1.2, spsc.ratio(), 1e-12); // polled 120 / 100, not the primary 300 / 320
        // relative errors 0.1 and 0.1 in quadrature
        assertEquals(1.2 * Math.sqrt(0.02), spsc.ratioError(), 1e-12);
        assertEquals("**met**", spsc.verdict()); // 1.2 - 0.17 >= 1.0
    }

    @Test
    void aTimeRatioIsThePeerOverOursSoThatAboveOneStillMeansOursIsFaster() throws IOException {
        Row roundTrip = sample().rows().stream()
                .filter(r -> r.comparison().section().equals(Comparisons.ROUND_TRIP) && r.measured())
                .findFirst().orElseThrow();
        assertEquals("SpscRingQueue", roundTrip.comparison().ours());
        assertEquals(1.25, roundTrip.ratio(), 1e-12); // 250 ns theirs / 200 ns ours
    }

    @Test
    void aMissingErrorIsSaidAndAMissingPeerIsNotMeasured() throws IOException {
        Report report = sample();
        Row engine = row(report, "engine apply, 1 thread",
                "updateAndGet + canonical encoding + SHA-256 chain, 1 thread");
        assertEquals(0.02, engine.ratio(), 1e-12);
        assertTrue(Double.isNaN(engine.ratioError()));
        assertEquals("missed (no error estimate)", engine.verdict());
        Row agrona = row(report, "SpscRingQueue", "Agrona OneToOneConcurrentArrayQueue");
        assertFalse(agrona.measured());
        assertEquals("not measured", Report.ratioText(agrona));
    }

    @Test
    void theSignedRoundIsReportedAgainstTheEngineAndItsSignaturesFromTheSameRun() throws IOException {
        Report report = sample();
        Row againstSignatures = row(report, "signed round (proposal + 2 votes), 1 table",
                "three Ed25519 verifications alone (the round's signatures), 1 thread");
        assertEquals(0.5, againstSignatures.ratio(), 1e-12); // 0.002 rounds/us against 0.004 triple verifications/us
        assertEquals(0.5 * Math.sqrt(0.02), againstSignatures.ratioError(), 1e-12);
        assertEquals("", againstSignatures.verdict(), "the issue sets no target, so none is invented");
        Row againstEngine = row(report, "signed round (proposal + 2 votes), 1 table", "engine apply, 1 thread");
        assertEquals(0.002, againstEngine.ratio(), 1e-12);
        String md = report.markdown("benchmarks.png");
        assertTrue(md.contains("### " + Comparisons.SIGNED), md);
        assertTrue(md.contains("| signed round (proposal + 2 votes), 1 table | engine apply, 1 thread | 0.00200 ± 0.000200 ops/us"
                + " | 1.00 ops/us | 0.00200 |"), md);
    }

    @Test
    void aTargetInsideTheIntervalIsWithinError() throws IOException {
        Row row = new Row(new Comparisons.Comparison("s", "a", "b", null, null, true,
                new Comparisons.Target(1.0, "t"), "l"),
                java.util.Optional.of(new Results.Metric(95, 10, "ops/us")),
                java.util.Optional.of(new Results.Metric(100, 10, "ops/us")));
        assertEquals("missed, within error", row.verdict());
    }

    @Test
    void theMarkdownHasTheMachineTheTargetsTheTablesAndTheChart(@TempDir Path dir) throws IOException {
        Report report = sample();
        String md = report.markdown("benchmarks.png");
        assertTrue(md.contains("| CPU | Test CPU |"), md);
        assertTrue(md.contains("shared machine, noisy"), md);
        assertTrue(md.contains("| SPSC at 1P/1C ≥ 1.0× JCTools SpscArrayQueue | SpscRingQueue | JCTools SpscArrayQueue | 1.20 ± 0.170 | **met** |"), md);
        assertTrue(md.contains("| SpscRingQueue | JCTools SpscArrayQueue | 120 ± 12.0 ops/us | 100 ± 10.0 ops/us | 1.20 ± 0.170 |"), md);
        assertTrue(md.contains("![Each of ours as a ratio to each peer, same run](benchmarks.png)"), md);
        assertTrue(md.contains("1 fork, warm-up 3 × 500 ms, measurement 5 × 500 ms"), md);
        assertTrue(md.contains("offerFailed 2.50, pollFailed 5.00"), md);

        Path png = dir.resolve("chart.png");
        report.chart(png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
    }

    @Test
    void numbersKeepThreeSignificantDigitsWithoutExponents() {
        assertEquals("123", Report.number(123.4));
        assertEquals("1.23", Report.number(1.234));
        assertEquals("0.00123", Report.number(0.001234));
        assertEquals("12346", Report.number(12345.6));
        assertEquals("0", Report.number(0));
    }
}
