package io.freelock.metrics.hdr;

/** JMX view of a counter: the value /metrics exports as {@code <name>_total}. */
public interface CounterMXBean {

    long getCount();
}
