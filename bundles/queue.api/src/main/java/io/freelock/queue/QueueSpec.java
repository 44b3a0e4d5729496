package io.freelock.queue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a host asks of a queue, written as a URL-like string the way JDBC names a database:
 * <pre>
 *   queue:&lt;shape&gt;[?key=value[&amp;key=value]...]
 *   shape:    spsc | mpsc | spmc | mpmc     (single/multi producers, single/multi consumers)
 *   capacity: 1 .. {@value #MAX_CAPACITY}   (implies bounded; default {@value #DEFAULT_CAPACITY})
 *   bounded:  true | false                  (absent: either will do)
 *   driver:   a driver's name, e.g. vyukov
 * </pre>
 * Examples: {@code queue:mpmc?capacity=4096}, {@code queue:spsc?capacity=1024}, {@code queue:mpmc?bounded=false},
 * {@code queue:mpmc?driver=vyukov}. A spec is immutable; {@link #toString()} gives its canonical form.
 */
public final class QueueSpec {

    /** How many threads may take one side of a queue. */
    public enum Access {
        SINGLE, MULTI;

        /** @return the value used in service properties: {@code single} or {@code multi} */
        public String propertyValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the host needs a bounded queue, an unbounded one, or does not mind. */
    public enum Bound {
        BOUNDED, UNBOUNDED, EITHER
    }

    public static final String SCHEME = "queue:";
    /** Capacity of a bounded queue whose spec gives none. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** Largest capacity: the largest power of two an int array index reaches. */
    public static final int MAX_CAPACITY = 1 << 30;

    private static final Pattern DRIVER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final Access producers;
    private final Access consumers;
    private final Bound bound;
    private final int capacity; // meaningful only when a bounded queue is made
    private final boolean capacityGiven;
    private final String driver; // null: any driver

    private QueueSpec(Access producers, Access consumers, Bound bound, int capacity, boolean capacityGiven,
            String driver) {
        this.producers = producers;
        this.consumers = consumers;
        this.bound = bound;
        this.capacity = capacity;
        this.capacityGiven = capacityGiven;
        this.driver = driver;
    }

    /**
     * Parses a spec.
     *
     * @throws NullPointerException if {@code spec} is null
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static QueueSpec parse(String spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        if (!spec.startsWith(SCHEME)) {
            throw bad(spec, "must start with '" + SCHEME + "'");
        }
        String rest = spec.substring(SCHEME.length());
        int question = rest.indexOf('?');
        String shape = question < 0 ? rest : rest.substring(0, question);
        Access producers;
        Access consumers;
        switch (shape) {
            case "spsc": producers = Access.SINGLE; consumers = Access.SINGLE; break;
            case "mpsc": producers = Access.MULTI; consumers = Access.SINGLE; break;
            case "spmc": producers = Access.SINGLE; consumers = Access.MULTI; break;
            case "mpmc": producers = Access.MULTI; consumers = Access.MULTI; break;
            default: throw bad(spec, "unknown shape '" + shape + "' (expected spsc, mpsc, spmc or mpmc)");
        }
        Map<String, String> params = question < 0 ? Map.of() : params(spec, rest.substring(question + 1));

        Bound bound = Bound.EITHER;
        String boundedText = params.get("bounded");
        if (boundedText != null) {
            switch (boundedText) {
                case "true": bound = Bound.BOUNDED; break;
                case "false": bound = Bound.UNBOUNDED; break;
                default: throw bad(spec, "bounded must be true or false, not '" + boundedText + "'");
            }
        }
        int capacity = DEFAULT_CAPACITY;
        String capacityText = params.get("capacity");
        if (capacityText != null) {
            if (bound == Bound.UNBOUNDED) {
                throw bad(spec, "capacity=" + capacityText + " contradicts bounded=false");
            }
            capacity = capacity(spec, capacityText);
            bound = Bound.BOUNDED;
        }
        String driver = params.get("driver");
        if (driver != null && !DRIVER_NAME.matcher(driver).matches()) {
            throw bad(spec, "driver '" + driver + "' is not a driver name (lower-case letters, digits, '.', '_', '-')");
        }
        return new QueueSpec(producers, consumers, bound, capacity, capacityText != null, driver);
    }

    private static Map<String, String> params(String spec, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw bad(spec, "parameter '" + pair + "' is not key=value");
            }
            String key = pair.substring(0, eq);
            if (!key.equals("capacity") && !key.equals("bounded") && !key.equals("driver")) {
                throw bad(spec, "unknown parameter '" + key + "' (expected capacity, bounded or driver)");
            }
            if (params.put(key, pair.substring(eq + 1)) != null) {
                throw bad(spec, "parameter '" + key + "' is given twice");
            }
        }
        return params;
    }

    private static int capacity(String spec, String text) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(spec, "capacity '" + text + "' is not a whole number");
        }
        if (value < 1 || value > MAX_CAPACITY) {
            throw bad(spec, "capacity " + text + " is outside 1.." + MAX_CAPACITY);
        }
        return (int) value;
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("queue spec '" + spec + "': " + why);
    }

    public Access producers() {
        return producers;
    }

    public Access consumers() {
        return consumers;
    }

    public Bound bound() {
        return bound;
    }

    /** @return the capacity a bounded queue for this spec is made with (before any rounding) */
    public int capacity() {
        return capacity;
    }

    /** @return the driver this spec names, if it names one */
    public Optional<String> driver() {
        return Optional.ofNullable(driver);
    }

    /** @return this spec, naming {@code driverName} as its driver */
    public QueueSpec withDriver(String driverName) {
        return parse(toString(driverName));
    }

    /**
     * Says why a driver with the given service properties cannot honour this spec.
     *
     * @param driverProperties the driver's service properties ({@link QueueDriver#DRIVER_NAME} and so on)
     * @return the reason, or empty if the driver matches
     */
    public Optional<String> mismatch(Map<String, ?> driverProperties) {
        Object name = driverProperties.get(QueueDriver.DRIVER_NAME);
        if (driver != null && !driver.equals(name)) {
            return Optional.of("the spec names driver '" + driver + "', not '" + name + "'");
        }
        if (producers == Access.MULTI && !isMulti(driverProperties.get(QueueDriver.PRODUCERS))) {
            return Optional.of("driver '" + name + "' takes a single producer; the spec needs several");
        }
        if (consumers == Access.MULTI && !isMulti(driverProperties.get(QueueDriver.CONSUMERS))) {
            return Optional.of("driver '" + name + "' takes a single consumer; the spec needs several");
        }
        boolean bounded = Boolean.parseBoolean(String.valueOf(driverProperties.get(QueueDriver.BOUNDED)));
        if (bound == Bound.BOUNDED && !bounded) {
            return Optional.of("driver '" + name + "' is unbounded; the spec needs a bounded queue");
        }
        if (bound == Bound.UNBOUNDED && bounded) {
            return Optional.of("driver '" + name + "' is bounded; the spec needs an unbounded queue");
        }
        return Optional.empty();
    }

    /**
     * @throws IllegalArgumentException saying why, if a driver with these service properties cannot honour
     *         this spec
     */
    public void requireMatch(Map<String, ?> driverProperties) {
        mismatch(driverProperties).ifPresent(why -> {
            throw bad(toString(), why);
        });
    }

    /** @return whether a driver with these service properties can honour this spec */
    public boolean matches(Map<String, ?> driverProperties) {
        return mismatch(driverProperties).isEmpty();
    }

    private static boolean isMulti(Object access) {
        return Access.MULTI.propertyValue().equals(access);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueueSpec && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** @return the canonical form: shape, then capacity, bounded and driver where they say something */
    @Override
    public String toString() {
        return toString(driver);
    }

    private String toString(String driverName) {
        StringBuilder text = new StringBuilder(SCHEME)
                .append(producers == Access.MULTI ? "mp" : "sp")
                .append(consumers == Access.MULTI ? "mc" : "sc");
        char separator = '?';
        if (capacityGiven) {
            text.append(separator).append("capacity=").append(capacity);
            separator = '&';
        } else if (bound != Bound.EITHER) {
            text.append(separator).append("bounded=").append(bound == Bound.BOUNDED);
            separator = '&';
        }
        if (driverName != null) {
            text.append(separator).append("driver=").append(driverName);
        }
        return text.toString();
    }
}
