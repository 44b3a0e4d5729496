package io.freelock.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tags (Prometheus labels) of one series: keys with values, sorted by key, immutable, each checked
 * against the naming rules when it is added. Two {@code Tags} with the same pairs are equal, whatever
 * order they were given in.
 */
public final class Tags {

    private static final Tags EMPTY = new Tags(new TreeMap<>());

    private final SortedMap<String, String> pairs;

    private Tags(SortedMap<String, String> pairs) {
        this.pairs = Collections.unmodifiableSortedMap(pairs);
    }

    /** @return no tags */
    public static Tags empty() {
        return EMPTY;
    }

    /**
     * @param keysAndValues key, value, key, value...
     * @throws IllegalArgumentException if the count is odd, a key repeats, or a key or value breaks the rules
     */
    public static Tags of(String... keysAndValues) {
        Objects.requireNonNull(keysAndValues, "tags are null");
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in key, value pairs; got " + keysAndValues.length
                    + " strings");
        }
        Tags tags = EMPTY;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags = tags.and(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }

    /**
     * @throws IllegalArgumentException if a key repeats, or a key or value breaks the rules
     */
    public static Tags of(Map<String, String> pairs) {
        Objects.requireNonNull(pairs, "tags are null");
        Tags tags = EMPTY;
        for (Map.Entry<String, String> pair : new TreeMap<>(pairs).entrySet()) {
            tags = tags.and(pair.getKey(), pair.getValue());
        }
        return tags;
    }

    /**
     * @return these tags with one more
     * @throws IllegalArgumentException if {@code key} is already there, or the key or value breaks the rules
     */
    public Tags and(String key, String value) {
        MetricNames.checkTagKey(key);
        MetricNames.checkTagValue(key, value);
        if (pairs.containsKey(key)) {
            throw new IllegalArgumentException("tag '" + key + "' is given twice");
        }
        TreeMap<String, String> more = new TreeMap<>(pairs);
        more.put(key, value);
        return new Tags(more);
    }

    /** @return the keys, sorted */
    public Set<String> keys() {
        return pairs.keySet();
    }

    /** @return the value of {@code key}, or null */
    public String get(String key) {
        return pairs.get(key);
    }

    /** @return the pairs, sorted by key, unmodifiable */
    public SortedMap<String, String> asMap() {
        return pairs;
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tags && pairs.equals(((Tags) other).pairs);
    }

    @Override
    public int hashCode() {
        return pairs.hashCode();
    }

    /** @return {@code {key="value",...}}, or {@code {}} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        pairs.forEach((key, value) -> {
            if (text.length() > 1) {
                text.append(',');
            }
            text.append(key).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        });
        return text.append('}').toString();
    }
}
