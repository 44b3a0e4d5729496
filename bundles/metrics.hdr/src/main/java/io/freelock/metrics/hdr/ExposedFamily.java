package io.freelock.metrics.hdr;

import java.util.List;
import java.util.Map;

/**
 * One metric family as the text formats write it, whichever source it came from (the registry, or the JVM and
 * process families): its base name (a counter's without {@code _total}, an info's without {@code _info}), kind,
 * help text and samples in order.
 */
record ExposedFamily(String name, Kind kind, String help, List<Sample> samples) {

    /** The kinds the formats tell apart. */
    enum Kind {
        COUNTER, GAUGE, SUMMARY, INFO
    }

    /**
     * One sample: the suffix it adds to the family's name ({@code _total}, {@code _count}, {@code _sum}, {@code _info}
     * or none), its labels in order, and its value as the formats write it.
     */
    record Sample(String suffix, Map<String, String> labels, String value) {
    }

    ExposedFamily {
        samples = List.copyOf(samples);
    }
}
