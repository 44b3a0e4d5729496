package io.freelock.consensus.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.freelock.consensus.HistogramSnapshot;

/**
 * A lock-free histogram of non-negative longs with log-linear buckets: values 0..15 each have a bucket; above, each
 * power of two [2^e, 2^(e+1)) is split into 16 equal buckets, so a bucket is never wider than 1/16 of its lower
 * bound and a percentile read from the buckets is within 6.25% of the true value. 960 buckets cover every long.
 * Recording is one atomic increment of a bucket and a sum, plus a compare-and-swap only when a new minimum or
 * maximum is seen; reading copies the buckets without stopping writers, so a snapshot taken under load may miss a
 * value or two being recorded.
 */
final class LogHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    /** The highest exponent of a non-negative long is 62; exponents 4..62 give 59 groups after the 16 exact ones. */
    static final int BUCKETS = SUB_COUNT + (62 - SUB_BITS + 1) * SUB_COUNT;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder sum = new LongAdder();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

    /** Records {@code value}; a negative value is recorded as 0. */
    void record(long value) {
        long v = Math.max(0, value);
        // getAndIncrement: an atomic add, so no count is lost between recording threads
        counts.getAndIncrement(bucketOf(v));
        if (v != 0) {
            sum.add(v); // a zero (no retry, the common case) adds nothing: no need to pay the adder's CAS
        }
        // CAS loops that write only when the value is a new extreme: after warm-up they are one plain read
        if (v < min.get()) {
            min.accumulateAndGet(v, Math::min);
        }
        if (v > max.get()) {
            max.accumulateAndGet(v, Math::max);
        }
    }

    /** @return the bucket index of a non-negative value */
    static int bucketOf(long v) {
        if (v < SUB_COUNT) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
        return (exponent - SUB_BITS + 1) * SUB_COUNT + sub;
    }

    /** @return the largest value that falls in bucket {@code index} */
    static long upperBoundOf(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int exponent = index / SUB_COUNT + SUB_BITS - 1;
        long sub = index % SUB_COUNT;
        long width = 1L << (exponent - SUB_BITS);
        return ((SUB_COUNT + sub) << (exponent - SUB_BITS)) + width - 1;
    }

    HistogramSnapshot snapshot() {
        int used = 0;
        long[] bounds = new long[BUCKETS];
        long[] taken = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.get(i);
            if (c != 0) {
                bounds[used] = upperBoundOf(i);
                taken[used++] = c;
            }
        }
        if (used == 0) {
            return HistogramSnapshot.empty();
        }
        return new HistogramSnapshot(Arrays.copyOf(bounds, used), Arrays.copyOf(taken, used),
                sum.sum(), Math.max(0, min.get()), Math.max(0, max.get()));
    }
}
