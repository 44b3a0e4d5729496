package io.freelock.metrics.hdr;

/** JMX view of a gauge: its current value. */
public interface GaugeMXBean {

    double getValue();
}
