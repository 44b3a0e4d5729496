package io.freelock.launcher;

import java.lang.reflect.InvocationTargetException;
import java.util.Dictionary;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Sets configurations through ConfigAdmin from outside the framework. The launcher does not share ConfigAdmin's API
 * package with the framework, so it calls it reflectively through the interface the ConfigAdmin bundle exports.
 */
final class Configurations {

    private Configurations() {
    }

    /**
     * Makes {@code properties} the configuration of {@code pid}, bound to no bundle in particular.
     *
     * @throws IllegalStateException if ConfigAdmin does not appear within {@code waitMillis} or refuses the update
     */
    static void update(BundleContext context, String pid, Dictionary<String, Object> properties, long waitMillis)
            throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                context.createFilter("(" + Constants.OBJECTCLASS + "=org.osgi.service.cm.ConfigurationAdmin)"), null);
        tracker.open();
        try {
            Object admin = tracker.waitForService(waitMillis);
            if (admin == null) {
                throw new IllegalStateException("ConfigurationAdmin did not appear within " + waitMillis + " ms");
            }
            Bundle cm = tracker.getServiceReference().getBundle();
            Class<?> adminApi = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configurationApi = cm.loadClass("org.osgi.service.cm.Configuration");
            Object configuration = adminApi.getMethod("getConfiguration", String.class, String.class)
                    .invoke(admin, pid, "?");
            configurationApi.getMethod("update", Dictionary.class).invoke(configuration, properties);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ConfigurationAdmin refused the configuration of " + pid, e.getCause());
        } finally {
            tracker.close();
        }
    }
}
