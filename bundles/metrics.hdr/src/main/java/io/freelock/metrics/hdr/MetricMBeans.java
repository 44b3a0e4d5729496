package io.freelock.metrics.hdr;

import java.util.Map;
import java.util.function.Supplier;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import io.freelock.metrics.Counter;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.Timer;

/** Makes the MXBean and the object name of one series. */
final class MetricMBeans {

    static final String DOMAIN = "io.freelock.metrics";

    private MetricMBeans() {
    }

    /**
     * {@code io.freelock.metrics:type=<type>,name=<name>,<tag>=<value>...}. A tag whose key is {@code type}
     * or {@code name} becomes {@code tag.type} or {@code tag.name} (a metric's own tag keys cannot hold a dot);
     * a value with characters an object name does not allow unquoted is quoted.
     */
    static ObjectName objectName(Metric series) {
        StringBuilder name = new StringBuilder(DOMAIN).append(":type=").append(series.type().label())
                .append(",name=").append(series.name());
        for (Map.Entry<String, String> tag : series.tags().asMap().entrySet()) {
            String key = tag.getKey();
            if (key.equals("type") || key.equals("name")) {
                key = "tag." + key;
            }
            name.append(',').append(key).append('=').append(value(tag.getValue()));
        }
        try {
            return new ObjectName(name.toString());
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("no object name for " + series + ": " + name, e);
        }
    }

    private static String value(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/')) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    static StandardMBean mbean(Metric series) {
        switch (series.type()) {
            case COUNTER: {
                Counter counter = (Counter) series;
                return new StandardMBean((CounterMXBean) counter::count, CounterMXBean.class, true);
            }
            case GAUGE: {
                Gauge gauge = (Gauge) series;
                return new StandardMBean((GaugeMXBean) gauge::value, GaugeMXBean.class, true);
            }
            case TIMER:
                return new StandardMBean(new DistributionView(((Timer) series)::snapshot, 1e9, "seconds"),
                        DistributionMXBean.class, true);
            default:
                return new StandardMBean(new DistributionView(((Histogram) series)::snapshot, 1, "value"),
                        DistributionMXBean.class, true);
        }
    }

    /** Reads a fresh snapshot for each attribute: JMX clients ask for attributes one at a time anyway. */
    private static final class DistributionView implements DistributionMXBean {
        private final Supplier<DistributionSnapshot> snapshot;
        private final double scale;
        private final String unit;

        DistributionView(Supplier<DistributionSnapshot> snapshot, double scale, String unit) {
            this.snapshot = snapshot;
            this.scale = scale;
            this.unit = unit;
        }

        @Override
        public long getCount() {
            return snapshot.get().count();
        }

        @Override
        public double getSum() {
            return snapshot.get().sum() / scale;
        }

        @Override
        public double getMax() {
            return snapshot.get().max() / scale;
        }

        @Override
        public double getMean() {
            return snapshot.get().mean() / scale;
        }

        @Override
        public double getQuantile50() {
            return snapshot.get().valueAtQuantile(0.5) / scale;
        }

        @Override
        public double getQuantile99() {
            return snapshot.get().valueAtQuantile(0.99) / scale;
        }

        @Override
        public double getQuantile999() {
            return snapshot.get().valueAtQuantile(0.999) / scale;
        }

        @Override
        public String getUnit() {
            return unit;
        }
    }
}
