package io.freelock.metrics.hdr;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freelock.metrics.Metric;

/**
 * One MXBean per series on the platform MBean server (so JConsole and VisualVM see them), following the
 * registry as series come and go, all unregistered when this component stops.
 */
@Component(service = {})
public final class MetricsJmx implements SeriesListener {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsJmx.class);

    private final Map<Metric, ObjectName> registered = new ConcurrentHashMap<>();

    @Reference
    private MetricsSource source;
    private MBeanServer server;

    /** For Declarative Services: the platform MBean server. */
    public MetricsJmx() {
    }

    /** For tests: another MBean server. */
    MetricsJmx(MetricsSource source, MBeanServer server) {
        this.source = source;
        this.server = server;
    }

    @Activate
    void start() {
        if (server == null) {
            server = ManagementFactory.getPlatformMBeanServer();
        }
        source.addListener(this);
    }

    @Deactivate
    void stop() {
        source.removeListener(this);
        registered.keySet().forEach(this::removed);
    }

    @Override
    public void added(Metric series) {
        ObjectName name = MetricMBeans.objectName(series);
        try {
            try {
                server.registerMBean(MetricMBeans.mbean(series), name);
            } catch (InstanceAlreadyExistsException e) {
                // Left by an earlier instance of this bundle that could not clean up: this one owns it now.
                server.unregisterMBean(name);
                server.registerMBean(MetricMBeans.mbean(series), name);
            }
            registered.put(series, name);
        } catch (JMException e) {
            LOG.warn("freelock metrics: cannot register MBean " + name + ": " + e);
        }
    }

    @Override
    public void removed(Metric series) {
        ObjectName name = registered.remove(series);
        if (name == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // someone else removed it: nothing left to do
        } catch (JMException e) {
            LOG.warn("freelock metrics: cannot unregister MBean " + name + ": " + e);
        }
    }
}
