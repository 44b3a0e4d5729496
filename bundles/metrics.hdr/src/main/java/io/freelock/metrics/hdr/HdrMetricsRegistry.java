package io.freelock.metrics.hdr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.freelock.metrics.Counter;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Gauge;
import io.freelock.metrics.Histogram;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricConflictException;
import io.freelock.metrics.MetricNames;
import io.freelock.metrics.MetricType;
import io.freelock.metrics.MetricsRegistry;
import io.freelock.metrics.Tags;
import io.freelock.metrics.Timer;

/**
 * The {@link MetricsRegistry} service on HdrHistogram. Looking up a series that exists takes no lock;
 * creating or removing one takes the registration lock, which also keeps the checks (type, tag keys,
 * colliding exported names) and the listeners in step. Recording never touches the registry at all.
 */
@Component(service = {MetricsRegistry.class, MetricsSource.class}, configurationPid = HdrMetricsRegistry.PID)
@Designate(ocd = HdrMetricsRegistry.Config.class)
public final class HdrMetricsRegistry implements MetricsRegistry, MetricsSource {

    static final String PID = "io.freelock.metrics.hdr";

    /** Durations above an hour count as an hour in the quantiles (sum and max stay exact). */
    static final long TIMER_CEILING_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Plain values above 2^40 count as 2^40 in the quantiles (sum and max stay exact). */
    static final long HISTOGRAM_CEILING = 1L << 40;

    @ObjectClassDefinition(name = "Freelock metrics", description = "The HdrHistogram-backed metrics registry.")
    public @interface Config {
        @AttributeDefinition(name = "Significant digits", min = "1", max = "5", description = "Significant decimal digits the timers and "
                + "histograms keep: 3 means quantiles within 0.1% and about 0.8 MB per series, 2 within 1% and "
                + "about 0.1 MB. The range is fixed up front, so an idle series costs as much as a busy one.")
        int significantDigits() default 3;
    }

    private final int significantDigits;
    private final Object registrationLock = new Object();
    private final Map<String, MetricFamily> families = new ConcurrentHashMap<>();
    private final Map<String, MetricFamily> exportedNameOwners = new HashMap<>(); // guarded by registrationLock
    private final List<SeriesListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public HdrMetricsRegistry(Config config) {
        this(config.significantDigits());
    }

    HdrMetricsRegistry(int significantDigits) {
        if (significantDigits < 1 || significantDigits > 5) {
            throw new IllegalArgumentException("significantDigits must be 1 to 5, not " + significantDigits);
        }
        this.significantDigits = significantDigits;
    }

    @Override
    public Counter counter(String name, String description, Tags tags) {
        return (Counter) seriesFor(name, MetricType.COUNTER, description, tags, false, AdderCounter::new);
    }

    @Override
    public Counter counter(String name, String description, Tags tags, LongSupplier total) {
        Objects.requireNonNull(total, () -> "counter " + name + " has a null supplier");
        return (Counter) seriesFor(name, MetricType.COUNTER, description, tags, true,
                (family, t) -> new SupplierCounter(family, t, total));
    }

    @Override
    public Optional<Counter> findCounter(String name, Tags tags) {
        MetricNames.checkName(name, MetricType.COUNTER);
        Objects.requireNonNull(tags, () -> "metric " + name + " has null tags: use Tags.empty()");
        MetricFamily family = families.get(name);
        if (family == null) {
            return Optional.empty();
        }
        checkMatches(family, MetricType.COUNTER, tags);
        return Optional.ofNullable((Counter) family.series.get(tags));
    }

    @Override
    public Gauge gauge(String name, String description, Tags tags, DoubleSupplier value) {
        Objects.requireNonNull(value, () -> "gauge " + name + " has a null supplier");
        return (Gauge) seriesFor(name, MetricType.GAUGE, description, tags, true,
                (family, t) -> new SupplierGauge(family, t, value));
    }

    @Override
    public Timer timer(String name, String description, Tags tags) {
        return (Timer) seriesFor(name, MetricType.TIMER, description, tags, false,
                (family, t) -> new HdrTimer(family, t, new Distribution(TIMER_CEILING_NANOS, significantDigits)));
    }

    @Override
    public Histogram histogram(String name, String description, Tags tags) {
        return (Histogram) seriesFor(name, MetricType.HISTOGRAM, description, tags, false,
                (family, t) -> new HdrValueHistogram(family, t, new Distribution(HISTOGRAM_CEILING, significantDigits)));
    }

    @Override
    public Timer timer(String name, String description, Tags tags, Supplier<DistributionSnapshot> snapshot) {
        Objects.requireNonNull(snapshot, () -> "timer " + name + " has a null supplier");
        return (Timer) seriesFor(name, MetricType.TIMER, description, tags, true,
                (family, t) -> new SuppliedDistribution(family, t, snapshot));
    }

    @Override
    public Histogram histogram(String name, String description, Tags tags, Supplier<DistributionSnapshot> snapshot) {
        Objects.requireNonNull(snapshot, () -> "histogram " + name + " has a null supplier");
        return (Histogram) seriesFor(name, MetricType.HISTOGRAM, description, tags, true,
                (family, t) -> new SuppliedDistribution(family, t, snapshot));
    }

    @Override
    public boolean remove(Metric metric) {
        if (!(metric instanceof SeriesBase)) {
            return false;
        }
        SeriesBase series = (SeriesBase) metric;
        synchronized (registrationLock) {
            MetricFamily family = series.family;
            if (families.get(family.name) != family || !family.series.remove(series.tags(), series)) {
                return false;
            }
            if (family.series.isEmpty()) {
                families.remove(family.name);
                family.exportedNames().forEach(exportedNameOwners::remove);
            }
            listeners.forEach(l -> l.removed(series));
            return true;
        }
    }

    @Override
    public List<FamilySnapshot> families() {
        List<FamilySnapshot> snapshot = new ArrayList<>();
        for (MetricFamily family : families.values()) {
            List<Metric> series = new ArrayList<>(family.series.values());
            if (series.isEmpty()) {
                continue; // being created or removed right now
            }
            series.sort(Comparator.comparing(s -> s.tags().toString()));
            snapshot.add(new FamilySnapshot(family.name, family.type, family.description, series));
        }
        snapshot.sort(Comparator.comparing(FamilySnapshot::name));
        return snapshot;
    }

    @Override
    public void addListener(SeriesListener listener) {
        synchronized (registrationLock) {
            listeners.add(listener);
            families.values().forEach(family -> family.series.values().forEach(listener::added));
        }
    }

    @Override
    public void removeListener(SeriesListener listener) {
        synchronized (registrationLock) {
            listeners.remove(listener);
        }
    }

    /**
     * @param supplied whether the series reads its owner's supplier: such a series is registered once, and
     *        nobody records into it
     */
    private Metric seriesFor(String name, MetricType type, String description, Tags tags, boolean supplied,
            BiFunction<MetricFamily, Tags, SeriesBase> create) {
        MetricNames.checkName(name, type);
        for (String reserved : JvmFamilies.RESERVED_PREFIXES) {
            if (name.startsWith(reserved)) {
                throw new IllegalArgumentException("metric name " + name + " starts with " + reserved
                        + ", which is kept for the JVM and process families /metrics adds");
            }
        }
        Objects.requireNonNull(tags, () -> "metric " + name + " has null tags: use Tags.empty()");
        MetricFamily known = families.get(name);
        if (known != null && !supplied) { // the lock-free path for a series that exists
            checkMatches(known, type, tags);
            SeriesBase existing = known.series.get(tags);
            if (existing != null && !existing.suppliedByOwner()) {
                return existing;
            }
        }
        synchronized (registrationLock) {
            MetricFamily family = families.get(name);
            if (family == null) {
                family = newFamily(name, type, description, tags);
            } else {
                checkMatches(family, type, tags);
            }
            SeriesBase existing = family.series.get(tags);
            if (existing != null) {
                if (supplied) {
                    throw new MetricConflictException(type.label() + " " + name + tags + " is already registered: "
                            + "remove it before registering another supplier");
                }
                if (existing.suppliedByOwner()) {
                    throw new MetricConflictException(existing + " is kept by its owner's supplier: nobody else "
                            + "may record into it");
                }
                return existing;
            }
            SeriesBase created = create.apply(family, tags);
            family.series.put(tags, created);
            for (SeriesListener listener : listeners) {
                listener.added(created);
            }
            return created;
        }
    }

    /** Called under the registration lock. */
    private MetricFamily newFamily(String name, MetricType type, String description, Tags tags) {
        for (String exported : MetricFamily.exportedNames(name, type)) {
            MetricFamily owner = exportedNameOwners.get(exported);
            if (owner != null) {
                throw new MetricConflictException(type.label() + " " + name + " would export " + exported
                        + ", which " + owner.type.label() + " " + owner.name + " already exports");
            }
        }
        MetricFamily family = new MetricFamily(name, type, tags.keys(), description == null ? "" : description);
        families.put(name, family);
        family.exportedNames().forEach(exported -> exportedNameOwners.put(exported, family));
        return family;
    }

    private static void checkMatches(MetricFamily family, MetricType type, Tags tags) {
        if (family.type != type) {
            throw new MetricConflictException("metric " + family.name + " is a " + family.type.label()
                    + "; it cannot also be a " + type.label());
        }
        if (!family.tagKeys.equals(tags.keys())) {
            throw new MetricConflictException("metric " + family.name + " has tag keys " + new TreeSet<>(family.tagKeys)
                    + "; every series of it must have the same, not " + tags.keys());
        }
    }
}
