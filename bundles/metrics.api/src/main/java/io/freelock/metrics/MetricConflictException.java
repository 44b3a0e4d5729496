package io.freelock.metrics;

/**
 * A metric name was registered in a way that contradicts an earlier registration: another type, another
 * set of tag keys, a second gauge for the same series, or exported series that would collide.
 */
public class MetricConflictException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MetricConflictException(String message) {
        super(message);
    }
}
