package io.freelock.metrics.hdr;

import java.util.function.LongSupplier;

import io.freelock.metrics.Counter;
import io.freelock.metrics.Tags;

/**
 * A counter whose total its owner keeps, read whenever it is exported: for counts a component keeps anyway
 * (an engine's CAS failures), so that they are not counted twice. Nobody else may add to it.
 */
final class SupplierCounter extends SeriesBase implements Counter {

    private final LongSupplier total;
    /** The last total read, kept for when the owner's supplier fails: a counter has no "no value". */
    private volatile long last;

    SupplierCounter(MetricFamily family, Tags tags, LongSupplier total) {
        super(family, tags);
        this.total = total;
    }

    @Override
    boolean suppliedByOwner() {
        return true;
    }

    @Override
    public void increment() {
        throw keptByOwner();
    }

    @Override
    public void add(long amount) {
        throw keptByOwner();
    }

    private UnsupportedOperationException keptByOwner() {
        return new UnsupportedOperationException("counter " + name() + tags() + " is kept by its owner's supplier");
    }

    @Override
    public long count() {
        try {
            long now = total.getAsLong();
            last = now;
            return now;
        } catch (RuntimeException e) {
            return last; // the owner's failure must not break the whole scrape
        }
    }
}
