package io.freelock.metrics.hdr;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.freelock.metrics.hdr.ExposedFamily.Kind;
import io.freelock.metrics.hdr.ExposedFamily.Sample;

/**
 * The standard JVM and process families every Prometheus Java client exports, under the names of the Prometheus
 * Java client 1.x ({@code jvm_memory_used_bytes}, {@code process_cpu_seconds_total}, ...), read from the platform
 * MXBeans at each scrape; the process's memory from {@code /proc/self/status} where there is one. What this JVM
 * cannot tell (file descriptors on Windows, say) is left out rather than written as a made-up value.
 */
final class JvmFamilies {

    /** Metric names the registry refuses, so that no registered family collides with these. */
    static final List<String> RESERVED_PREFIXES = List.of("jvm_", "process_");

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private JvmFamilies() {
    }

    static List<ExposedFamily> collect() {
        List<ExposedFamily> families = new ArrayList<>();
        memory(families);
        threads(families);
        classes(families);
        garbageCollection(families);
        bufferPools(families);
        runtime(families);
        process(families);
        return families;
    }

    private static void memory(List<ExposedFamily> families) {
        Map<String, MemoryUsage> areas = new LinkedHashMap<>();
        areas.put("heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage());
        areas.put("nonheap", ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage());
        byUsage(families, "jvm_memory_", "area", areas, "Memory of the JVM's heap and non-heap areas");
        Map<String, MemoryUsage> pools = new LinkedHashMap<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getUsage();
            if (usage != null) {
                pools.put(pool.getName(), usage);
            }
        }
        byUsage(families, "jvm_memory_pool_", "pool", pools, "Memory of each of the JVM's memory pools");
    }

    /** used, committed, max (-1: no limit) and init bytes of each area or pool */
    private static void byUsage(List<ExposedFamily> families, String prefix, String label, Map<String, MemoryUsage> usages,
            String help) {
        Map<String, ToLongFunction<MemoryUsage>> columns = new LinkedHashMap<>();
        columns.put("used", MemoryUsage::getUsed);
        columns.put("committed", MemoryUsage::getCommitted);
        columns.put("max", MemoryUsage::getMax);
        columns.put("init", MemoryUsage::getInit);
        for (Map.Entry<String, ToLongFunction<MemoryUsage>> column : columns.entrySet()) {
            List<Sample> samples = new ArrayList<>();
            usages.forEach((name, usage) -> samples.add(new Sample("", Map.of(label, name),
                    Long.toString(column.getValue().applyAsLong(usage)))));
            families.add(new ExposedFamily(prefix + column.getKey() + "_bytes", Kind.GAUGE,
                    help + ": " + column.getKey() + (column.getKey().equals("max") ? " (-1: no limit)" : "") + ".", samples));
        }
    }

    private static void threads(List<ExposedFamily> families) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        families.add(single("jvm_threads_current", Kind.GAUGE, "Live threads, daemon or not.", threads.getThreadCount()));
        families.add(single("jvm_threads_daemon", Kind.GAUGE, "Live daemon threads.", threads.getDaemonThreadCount()));
        families.add(single("jvm_threads_peak", Kind.GAUGE, "The most live threads since the JVM started.",
                threads.getPeakThreadCount()));
        families.add(single("jvm_threads_started", Kind.COUNTER, "Threads started since the JVM started.",
                threads.getTotalStartedThreadCount()));
    }

    private static void classes(List<ExposedFamily> families) {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        families.add(single("jvm_classes_currently_loaded", Kind.GAUGE, "Classes loaded now.",
                classes.getLoadedClassCount()));
        families.add(single("jvm_classes_loaded", Kind.COUNTER, "Classes loaded since the JVM started.",
                classes.getTotalLoadedClassCount()));
        families.add(single("jvm_classes_unloaded", Kind.COUNTER, "Classes unloaded since the JVM started.",
                classes.getUnloadedClassCount()));
    }

    /** A summary with no quantiles: how many collections each collector ran, and the seconds they took. */
    private static void garbageCollection(List<ExposedFamily> families) {
        List<Sample> samples = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long count = gc.getCollectionCount();
            long millis = gc.getCollectionTime();
            if (count >= 0 && millis >= 0) { // -1: this collector does not tell
                samples.add(new Sample("_count", Map.of("gc", gc.getName()), Long.toString(count)));
                samples.add(new Sample("_sum", Map.of("gc", gc.getName()), PrometheusText.number(millis / 1e3)));
            }
        }
        families.add(new ExposedFamily("jvm_gc_collection_seconds", Kind.SUMMARY,
                "Garbage collections by collector, and the seconds they took.", samples));
    }

    private static void bufferPools(List<ExposedFamily> families) {
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        families.add(byPool(pools, "jvm_buffer_pool_used_bytes", "Bytes used by each buffer pool.",
                BufferPoolMXBean::getMemoryUsed));
        families.add(byPool(pools, "jvm_buffer_pool_capacity_bytes", "Bytes of capacity of each buffer pool.",
                BufferPoolMXBean::getTotalCapacity));
        families.add(byPool(pools, "jvm_buffer_pool_used_buffers", "Buffers in each buffer pool.",
                BufferPoolMXBean::getCount));
    }

    private static ExposedFamily byPool(List<BufferPoolMXBean> pools, String name, String help,
            Function<BufferPoolMXBean, Long> value) {
        List<Sample> samples = new ArrayList<>();
        for (BufferPoolMXBean pool : pools) {
            samples.add(new Sample("", Map.of("pool", pool.getName()), Long.toString(value.apply(pool))));
        }
        return new ExposedFamily(name, Kind.GAUGE, help, samples);
    }

    private static void runtime(List<ExposedFamily> families) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runtime", System.getProperty("java.runtime.name", "unknown"));
        labels.put("vendor", runtime.getVmVendor());
        labels.put("version", System.getProperty("java.runtime.version", runtime.getVmVersion()));
        families.add(new ExposedFamily("jvm_runtime", Kind.INFO, "The Java runtime: its name, vendor and version.",
                List.of(new Sample("_info", labels, "1"))));
        families.add(new ExposedFamily("process_start_time_seconds", Kind.GAUGE,
                "When the process started, in seconds since the Unix epoch.",
                List.of(new Sample("", Map.of(), PrometheusText.number(runtime.getStartTime() / 1e3)))));
    }

    private static void process(List<ExposedFamily> families) {
        Long cpuNanos = operatingSystem("ProcessCpuTime");
        if (cpuNanos != null && cpuNanos >= 0) {
            families.add(new ExposedFamily("process_cpu_seconds", Kind.COUNTER, "CPU time the process used, in seconds.",
                    List.of(new Sample("_total", Map.of(), PrometheusText.number(cpuNanos / 1e9)))));
        }
        Long open = operatingSystem("OpenFileDescriptorCount");
        if (open != null) {
            families.add(single("process_open_fds", Kind.GAUGE, "File descriptors the process has open.", open));
        }
        Long max = operatingSystem("MaxFileDescriptorCount");
        if (max != null) {
            families.add(single("process_max_fds", Kind.GAUGE, "The most file descriptors the process may open.", max));
        }
        Map<String, Long> status = procStatus();
        if (status.containsKey("VmSize")) {
            families.add(single("process_virtual_memory_bytes", Kind.GAUGE, "Virtual memory size of the process.",
                    status.get("VmSize")));
        }
        if (status.containsKey("VmRSS")) {
            families.add(single("process_resident_memory_bytes", Kind.GAUGE, "Resident memory size of the process.",
                    status.get("VmRSS")));
        }
    }

    private static ExposedFamily single(String name, Kind kind, String help, long value) {
        return new ExposedFamily(name, kind, help,
                List.of(new Sample(kind == Kind.COUNTER ? "_total" : "", Map.of(), Long.toString(value))));
    }

    /**
     * Reads an attribute of the platform's OperatingSystem MBean through JMX, so that this bundle needs no import of
     * {@code com.sun.management} (which a framework need not export).
     *
     * @return its value, or null if this JVM has no such attribute
     */
    private static Long operatingSystem(String attribute) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object value = server.getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), attribute);
            return value instanceof Number ? ((Number) value).longValue() : null;
        } catch (JMException | RuntimeException notHere) {
            return null;
        }
    }

    /** @return VmSize and VmRSS in bytes from /proc/self/status, or nothing where there is no such file */
    private static Map<String, Long> procStatus() {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(PROC_STATUS, StandardCharsets.US_ASCII)) {
                String[] parts = line.split("\\s+");
                if (parts.length == 3 && (parts[0].equals("VmSize:") || parts[0].equals("VmRSS:")) && parts[2].equals("kB")) {
                    values.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // left out
        }
        return values;
    }
}
