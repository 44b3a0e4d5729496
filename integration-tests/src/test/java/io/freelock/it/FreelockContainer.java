package io.freelock.it;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The container the tests boot: every bundle the launcher jar ships (unpacked from it by the build, so
 * there is one list of bundles, the launcher's), the test kit, and Pax Exam's own.
 */
final class FreelockContainer {

    /** The file name the console shell's bundle starts with. */
    static final String SHELL_BUNDLE = "org.apache.felix.gogo.jline-";

    /** Framework property Felix HTTP takes its port from; tests inside the container read it back. */
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTP_HOST = "127.0.0.1";

    private FreelockContainer() {
    }

    static Option[] options() {
        List<Option> options = new ArrayList<>();
        for (File jar : shippedBundles()) {
            // As the launcher does without a terminal: the console shell (gogo.jline) stays resolved but stopped, as it
            // has nobody to read from; the commands are served by Gogo's CommandProcessor all the same.
            boolean shell = jar.getName().startsWith(SHELL_BUNDLE);
            options.add(shell ? bundle(jar.toURI().toString()).noStart() : bundle(jar.toURI().toString()));
        }
        for (File jar : jars(System.getProperty("freelock.testbundles"))) {
            options.add(bundle(jar.toURI().toString()));
        }
        options.add(junitBundles());
        options.add(cleanCaches(true));
        // Should a shell start all the same (the launcher jar of an earlier build), it must neither read the console nor
        // stop the framework when its input ends.
        options.add(frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(workFolder("deploy").getAbsolutePath()));
        // As the launcher does: the data folder the H2 journal lives in; a new one per container, so that no test
        // class recovers another's games
        options.add(frameworkProperty("freelock.data").value(workFolder("data-" + System.nanoTime()).getAbsolutePath()));
        // As the launcher does: Felix HTTP on the loopback address only, here on a port free right now, so
        // that containers of different test classes and other builds on this machine never collide.
        options.add(frameworkProperty(HTTP_PORT).value(Integer.toString(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.host").value(HTTP_HOST));
        // As the launcher does: the Web Console serves only through Freelock's operator login, never admin/admin.
        options.add(frameworkProperty("felix.webconsole.security.providers").value("freelock"));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        return options.toArray(new Option[0]);
    }

    /** @return the jars of the bundles the launcher ships, as the build unpacked them from its jar */
    static List<File> shippedBundles() {
        return jars(System.getProperty("freelock.bundles"));
    }

    /** @return the bundles the launcher ships for a server of a cluster only, which it installs only then */
    static List<File> clusterBundles() {
        return jars(new File(System.getProperty("freelock.bundles"), "cluster").getPath());
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

    /** @return a port on {@value #HTTP_HOST} that nothing listens on at this moment */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HTTP_HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HTTP_HOST, e);
        }
    }

    /**
     * Runs one Gogo command in a session of its own, through the container's command processor.
     *
     * @return what the command returned, as text
     * @throws RuntimeException what the command threw; a checked exception wrapped in an IllegalStateException
     */
    static String shell(BundleContext context, String command) {
        ServiceReference<CommandProcessor> ref = context.getServiceReference(CommandProcessor.class);
        if (ref == null) {
            throw new AssertionError("Gogo's command processor is not live");
        }
        try {
            return shell(context.getService(ref), command);
        } finally {
            context.ungetService(ref);
        }
    }

    /** {@link #shell(BundleContext, String)} with a command processor at hand. */
    static String shell(CommandProcessor processor, String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            return String.valueOf(session.execute(command));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(command + " failed: " + e, e);
        } finally {
            session.close();
        }
    }
}
