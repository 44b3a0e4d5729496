package io.freelock.launcher;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * This launcher as one server of a cluster whose games are replicated: it gives the replicated games' bundle its
 * configuration (PID {@value #PID}: the server id and the peers from the command line; the Raft log goes under the data
 * folder, the bundle's default), then gets the replicated game engine factory and holds it while the framework runs.
 * Holding it matters: the factory is a delayed component, and its Raft server runs only while someone uses it, so
 * without a host bound to it this server would take no part in the log. A configuration the bundle refuses (a
 * malformed peer list, a server id not among the peers, a port it cannot listen on) comes back as its reason.
 */
final class ClusterServer {

    static final String PID = "io.freelock.consensus.ratis";
    /** The game spec option value, and the demo's, that asks for a game replicated through the Raft log. */
    static final String REPLICATION = "raft";
    private static final String FACTORY_FILTER = "(&(" + Constants.OBJECTCLASS
            + "=io.freelock.consensus.GameEngineFactory)(consensus.replication=" + REPLICATION + "))";
    private static final String COMPONENT = "io.freelock.consensus.ratis.ReplicatedEngineFactory";
    private static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    /** ComponentConfigurationDTO.FAILED_ACTIVATION (Declarative Services 1.4). */
    private static final int FAILED_ACTIVATION = 16;

    private final LaunchOptions.Cluster cluster;
    private final Path data;

    ClusterServer(LaunchOptions.Cluster cluster, Path data) {
        this.cluster = cluster;
        this.data = data;
    }

    /** @return where this server keeps its Raft log and snapshots: the bundle's default, raft/<id> in the data folder */
    Path storage() {
        return data.resolve("raft").resolve(cluster.serverId()).toAbsolutePath();
    }

    /**
     * Configures this server and waits until its replicated factory is active.
     *
     * @return empty once this server runs its member of the log; else why it does not (the bundle's own reason for
     *         a configuration it refuses)
     */
    Optional<String> start(BundleContext context, long waitMillis) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("serverId", cluster.serverId());
        properties.put("peers", cluster.peers());
        Configurations.update(context, PID, properties, waitMillis);
        // Tracks the reference only: getting the service activates the factory, and its failure is told below
        ServiceTracker<Object, ServiceReference<Object>> factories = new ServiceTracker<>(context,
                context.createFilter(FACTORY_FILTER), new ServiceTrackerCustomizer<Object, ServiceReference<Object>>() {
                    @Override
                    public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
                        return reference;
                    }

                    @Override
                    public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> same) {
                    }

                    @Override
                    public void removedService(ServiceReference<Object> reference, ServiceReference<Object> same) {
                    }
                });
        factories.open();
        try {
            ServiceReference<Object> factory = factories.waitForService(waitMillis);
            if (factory == null) {
                return Optional.of("the replicated games' bundle offered no game engine factory within " + waitMillis
                        + " ms");
            }
            // Held, never released: released, the delayed component would stop its Raft server
            if (context.getService(factory) == null) {
                return Optional.of(refusal(context).orElse("its replicated game engine factory failed to start"));
            }
            return Optional.empty();
        } finally {
            factories.close();
        }
    }

    /** @return the reason Declarative Services gives for the factory's failed activation, if it failed */
    private static Optional<String> refusal(BundleContext context) throws Exception {
        ServiceReference<?> ref = context.getServiceReference(RUNTIME);
        Bundle ratis = ref == null ? null : bundle(context, PID);
        if (ratis == null) {
            return Optional.empty();
        }
        Object runtime = context.getService(ref);
        try {
            Class<?> api = ref.getBundle().loadClass(RUNTIME);
            Collection<?> descriptions = (Collection<?>) api.getMethod("getComponentDescriptionDTOs", Bundle[].class)
                    .invoke(runtime, (Object) new Bundle[] {ratis});
            Method configurations = method(api, "getComponentConfigurationDTOs");
            for (Object description : descriptions) {
                if (!COMPONENT.equals(description.getClass().getField("name").get(description))) {
                    continue;
                }
                for (Object configuration : (Collection<?>) configurations.invoke(runtime, description)) {
                    Class<?> dto = configuration.getClass();
                    if (dto.getField("state").getInt(configuration) == FAILED_ACTIVATION) {
                        return Optional.of(reason(String.valueOf(dto.getField("failure").get(configuration))));
                    }
                }
            }
            return Optional.empty();
        } finally {
            context.ungetService(ref);
        }
    }

    /** @return the message of the innermost cause in a stack trace as text, without its exception's class name */
    static String reason(String stackTrace) {
        String line = stackTrace.lines().findFirst().orElse(stackTrace);
        for (String l : (Iterable<String>) stackTrace.lines()::iterator) {
            if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length());
            }
        }
        int colon = line.indexOf(": ");
        return colon > 0 && !line.substring(0, colon).contains(" ") ? line.substring(colon + 2) : line;
    }

    private static Method method(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalStateException(type + " has no method " + name);
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "server " + cluster.serverId() + " of the cluster " + cluster.peers();
    }
}
