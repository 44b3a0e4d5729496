package io.freelock.demo;

import java.util.Collection;
import java.util.Comparator;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.freelock.queue.QueueDriver;

/**
 * The bundles of the framework the demo runs in, found through the {@link QueueDriver} services they register. A
 * bundle is stopped and started transiently: its persistent autostart setting stays as it was, so a framework
 * restarted after the demo stopped mid-way still starts it.
 */
final class FrameworkDriverBundles implements QueueSwapper.DriverBundles {

    private final BundleContext context;

    FrameworkDriverBundles(BundleContext context) {
        this.context = context;
    }

    /** @return the bundle of the driver by that name the manager would pick: highest ranking, then oldest */
    @Override
    public QueueSwapper.DriverBundle bundleOf(String driver) {
        Collection<ServiceReference<QueueDriver>> references;
        try {
            references = context.getServiceReferences(QueueDriver.class,
                    "(" + QueueDriver.DRIVER_NAME + "=" + escape(driver) + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter for driver '" + driver + "'", e); // escaped: cannot happen
        }
        Bundle bundle = references.stream().max(Comparator.naturalOrder()).map(ServiceReference::getBundle)
                .orElse(null); // getBundle(): null once the service is unregistered
        return bundle == null ? null : new InFramework(bundle);
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private record InFramework(Bundle bundle) implements QueueSwapper.DriverBundle {

        @Override
        public String name() {
            return bundle.getSymbolicName();
        }

        @Override
        public void stop() throws Exception {
            bundle.stop(Bundle.STOP_TRANSIENT);
        }

        @Override
        public void start() throws Exception {
            bundle.start(Bundle.START_TRANSIENT);
        }
    }
}
