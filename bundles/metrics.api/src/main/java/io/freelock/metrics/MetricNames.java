package io.freelock.metrics;

import java.util.Objects;
import java.util.Set;

/**
 * The naming rules of the package description, as checks. Every registry applies them; a host may call
 * them first to test a name it builds at run time.
 */
public final class MetricNames {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_TAG_KEY_LENGTH = 100;
    public static final int MAX_TAG_VALUE_LENGTH = 200;

    /** Tag keys the Prometheus exposition writes itself, for summaries ({@code quantile}) and histograms ({@code le}). */
    public static final Set<String> RESERVED_TAG_KEYS = Set.of("quantile", "le");

    /** What the exposition appends to a counter's name. */
    public static final String COUNTER_SUFFIX = "_total";

    private MetricNames() {
    }

    /**
     * @return {@code name}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String checkName(String name) {
        checkIdentifier("metric name", name, MAX_NAME_LENGTH);
        return name;
    }

    /**
     * @return {@code name}, checked as the name of a metric of {@code type}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String checkName(String name, MetricType type) {
        checkName(name);
        Objects.requireNonNull(type, "metric type is null");
        if (type == MetricType.COUNTER && name.endsWith(COUNTER_SUFFIX)) {
            throw new IllegalArgumentException("counter name '" + name + "' ends in " + COUNTER_SUFFIX
                    + ": leave it off, the exposition adds it");
        }
        return name;
    }

    /**
     * @return {@code key}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String checkTagKey(String key) {
        checkIdentifier("tag key", key, MAX_TAG_KEY_LENGTH);
        if (RESERVED_TAG_KEYS.contains(key)) {
            throw new IllegalArgumentException("tag key '" + key + "' is reserved: the exposition writes it");
        }
        return key;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException saying what is wrong with it, and for which key
     */
    public static String checkTagValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("tag '" + key + "' has a null value");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("tag '" + key + "' has an empty value (Prometheus reads it as no tag)");
        }
        if (value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException("tag '" + key + "' has a value of " + value.length()
                    + " characters; at most " + MAX_TAG_VALUE_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("tag '" + key + "' has a control character (code "
                        + (int) value.charAt(i) + ") at index " + i + " of its value");
            }
        }
        return value;
    }

    private static void checkIdentifier(String what, String text, int maxLength) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (text.length() > maxLength) {
            throw new IllegalArgumentException(what + " '" + text.substring(0, 20) + "...' has " + text.length()
                    + " characters; at most " + maxLength + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !(digit && i > 0)) {
                throw new IllegalArgumentException(what + " '" + text + "' has '" + c + "' at index " + i
                        + ": use letters, digits and '_', not starting with a digit");
            }
        }
        if (text.startsWith("__")) {
            throw new IllegalArgumentException(what + " '" + text + "' starts with '__', which Prometheus reserves");
        }
    }
}
