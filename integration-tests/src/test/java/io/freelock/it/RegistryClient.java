package io.freelock.it;

import java.lang.reflect.InvocationTargetException;
import java.util.function.DoubleSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import io.freelock.queue.testkit.Await;

/**
 * The {@code MetricsRegistry} service, called through the API interfaces as the metrics bundle itself sees
 * them. This module's pom does not put {@code io.freelock.metrics} on the test class path, so the probe
 * cannot compile against it; with that test dependency added, this class can give way to direct calls.
 */
final class RegistryClient {

    static final String REGISTRY = "io.freelock.metrics.MetricsRegistry";
    private static final String API = "io.freelock.metrics.";

    final Object service;
    private final Bundle provider;
    private final Class<?> tagsType;

    private RegistryClient(Object service, Bundle provider) throws ClassNotFoundException {
        this.service = service;
        this.provider = provider;
        this.tagsType = provider.loadClass(API + "Tags");
    }

    /** @return the registry's reference, or null while there is none */
    static ServiceReference<?> find(BundleContext context) {
        return context.getServiceReference(REGISTRY);
    }

    /** Waits for the registry service and gets it. */
    static RegistryClient await(BundleContext context) throws ClassNotFoundException {
        Await.until("the MetricsRegistry service", () -> find(context) != null);
        ServiceReference<?> ref = find(context);
        Object service = context.getService(ref);
        if (service == null) {
            throw new AssertionError("the MetricsRegistry service went away as it was got");
        }
        return new RegistryClient(service, ref.getBundle());
    }

    Object counter(String name, String... tags) {
        return call("MetricsRegistry", service, "counter", new Class<?>[] {String.class, String.class, tagsType},
                name, "", tags(tags));
    }

    Object timer(String name, String... tags) {
        return call("MetricsRegistry", service, "timer", new Class<?>[] {String.class, String.class, tagsType},
                name, "", tags(tags));
    }

    Object histogram(String name, String... tags) {
        return call("MetricsRegistry", service, "histogram", new Class<?>[] {String.class, String.class, tagsType},
                name, "", tags(tags));
    }

    Object gauge(String name, DoubleSupplier value, String... tags) {
        return call("MetricsRegistry", service, "gauge",
                new Class<?>[] {String.class, String.class, tagsType, DoubleSupplier.class}, name, "", tags(tags), value);
    }

    void add(Object counter, long amount) {
        call("Counter", counter, "add", new Class<?>[] {long.class}, amount);
    }

    void recordNanos(Object timer, long nanos) {
        call("Timer", timer, "recordNanos", new Class<?>[] {long.class}, nanos);
    }

    void record(Object histogram, long value) {
        call("Histogram", histogram, "record", new Class<?>[] {long.class}, value);
    }

    private Object tags(String... keysAndValues) {
        return call("Tags", null, "of", new Class<?>[] {String[].class}, (Object) keysAndValues);
    }

    /** Calls {@code method} as the API interface {@code type} declares it (the implementations are private). */
    private Object call(String type, Object target, String method, Class<?>[] parameterTypes, Object... args) {
        try {
            return provider.loadClass(API + type).getMethod(method, parameterTypes).invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new AssertionError(type + "." + method + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the metrics API has no " + type + "." + method, e);
        }
    }
}
