package io.freelock.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.ops4j.pax.exam.Option;

/**
 * The container the tests boot: every bundle the launcher jar ships (unpacked from it by the build, so
 * there is one list of bundles, the launcher's), the test kit, and Pax Exam's own.
 */
final class FreelockContainer {

    private static final long DEADLINE_SECONDS = 30;

    private FreelockContainer() {
    }

    static Option[] options() {
        List<Option> options = new ArrayList<>();
        for (File jar : shippedBundles()) {
            options.add(bundle(jar.toURI().toString()));
        }
        for (File jar : jars(System.getProperty("freelock.testbundles"))) {
            options.add(bundle(jar.toURI().toString()));
        }
        options.add(junitBundles());
        options.add(cleanCaches(true));
        // As the launcher does without a terminal: Gogo's commands, no console, no framework shutdown.
        options.add(frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(workFolder("deploy").getAbsolutePath()));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        return options.toArray(new Option[0]);
    }

    /** @return the jars of the bundles the launcher ships, as the build unpacked them from its jar */
    static List<File> shippedBundles() {
        return jars(System.getProperty("freelock.bundles"));
    }

    private static List<File> jars(String folder) {
        File[] jars = folder == null ? null : new File(folder).listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundle jars in " + folder + ": run the tests through mvn verify");
        }
        Arrays.sort(jars);
        return List.of(jars);
    }

    static File workFolder(String name) {
        File folder = new File(System.getProperty("freelock.work", "target/it-work"), name);
        folder.mkdirs();
        return folder;
    }

    /** Waits until {@code condition} holds, failing with {@code what} after a deadline. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + DEADLINE_SECONDS + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
