package io.freelock.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.freelock.consensus.HistogramSnapshot;

class LogHistogramTest {

    @Test
    void everyValueFallsInABucketWhoseBoundIsWithinOneSixteenthAbove() {
        long[] samples = {0, 1, 15, 16, 17, 31, 32, 33, 100, 1_000, 123_456_789, 1L << 40, Long.MAX_VALUE - 1,
            Long.MAX_VALUE};
        for (long v : samples) {
            int bucket = LogHistogram.bucketOf(v);
            long upper = LogHistogram.upperBoundOf(bucket);
            assertTrue(bucket >= 0 && bucket < LogHistogram.BUCKETS, "bucket " + bucket + " of " + v);
            assertTrue(upper >= v, v + " above its bucket's bound " + upper);
            assertTrue(upper - v <= v / 16, v + " is too far below its bucket's bound " + upper);
            if (bucket > 0) {
                assertTrue(LogHistogram.upperBoundOf(bucket - 1) < v, "the bucket below also holds " + v);
            }
        }
        assertEquals(Long.MAX_VALUE, LogHistogram.upperBoundOf(LogHistogram.BUCKETS - 1));
    }

    @Test
    void bucketBoundsRiseStrictly() {
        for (int i = 1; i < LogHistogram.BUCKETS; i++) {
            assertTrue(LogHistogram.upperBoundOf(i) > LogHistogram.upperBoundOf(i - 1), "bucket " + i);
        }
    }

    @Test
    void percentilesOfAKnownSpreadAreWithinTheBucketWidth() {
        LogHistogram histogram = new LogHistogram();
        for (long v = 1; v <= 10_000; v++) {
            histogram.record(v);
        }
        HistogramSnapshot snapshot = histogram.snapshot();
        assertEquals(10_000, snapshot.count());
        assertEquals(1, snapshot.min());
        assertEquals(10_000, snapshot.max());
        assertEquals(50_005_000, snapshot.sum());
        assertWithin(5_000, snapshot.valueAtPercentile(50));
        assertWithin(9_000, snapshot.valueAtPercentile(90));
        assertWithin(9_900, snapshot.valueAtPercentile(99));
        assertEquals(10_000, snapshot.valueAtPercentile(100));
        assertEquals(1, snapshot.valueAtPercentile(0));
    }

    @Test
    void aSingleOutlierShowsInTheTailNotInTheMedian() {
        LogHistogram histogram = new LogHistogram();
        for (int i = 0; i < 999; i++) {
            histogram.record(100);
        }
        histogram.record(1_000_000);
        HistogramSnapshot snapshot = histogram.snapshot();
        assertWithin(100, snapshot.valueAtPercentile(50));
        assertEquals(1_000_000, snapshot.valueAtPercentile(100));
        assertEquals(1_000_000, snapshot.max());
    }

    @Test
    void anEmptyHistogramReportsZeros() {
        HistogramSnapshot snapshot = new LogHistogram().snapshot();
        assertEquals(0, snapshot.count());
        assertEquals(0, snapshot.valueAtPercentile(99));
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(actual >= expected && actual <= expected + expected / 16,
                actual + " is not within 1/16 above " + expected);
    }
}
