package io.freelock.metrics.hdr;

/**
 * JMX view of a timer or histogram, the same values /metrics exports: a timer's in seconds, a histogram's
 * as recorded ({@link #getUnit()} says which).
 */
public interface DistributionMXBean {

    long getCount();

    double getSum();

    double getMax();

    double getMean();

    double getQuantile50();

    double getQuantile99();

    double getQuantile999();

    String getUnit();
}
