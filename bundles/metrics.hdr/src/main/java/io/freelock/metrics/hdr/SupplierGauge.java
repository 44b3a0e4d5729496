package io.freelock.metrics.hdr;

import java.util.function.DoubleSupplier;

import io.freelock.metrics.Gauge;
import io.freelock.metrics.Tags;

/** A gauge that asks its owner's supplier each time it is read. */
final class SupplierGauge extends SeriesBase implements Gauge {

    private final DoubleSupplier supplier;

    SupplierGauge(MetricFamily family, Tags tags, DoubleSupplier supplier) {
        super(family, tags);
        this.supplier = supplier;
    }

    @Override
    boolean suppliedByOwner() {
        return true;
    }

    @Override
    public double value() {
        try {
            return supplier.getAsDouble();
        } catch (RuntimeException e) {
            // The owner's failure must not break the whole scrape; NaN tells the reader there is no value.
            return Double.NaN;
        }
    }
}
