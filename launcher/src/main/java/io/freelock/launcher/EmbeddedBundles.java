package io.freelock.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The bundles Freelock ships, kept in the launcher's own jar under {@value #FOLDER}. The launcher pom's
 * runtime dependencies put them there; nothing else lists them. Those under {@value #CLUSTER_FOLDER} (the replicated
 * games, Apache Ratis inside) are installed only for a server of a cluster: a plain start would spend seconds
 * copying and resolving them for nothing.
 */
final class EmbeddedBundles {

    static final String FOLDER = "bundles/";
    static final String CLUSTER_FOLDER = FOLDER + "cluster/";
    private static final String LOCATION_PREFIX = "freelock:";

    private EmbeddedBundles() {
    }

    /**
     * Installs the embedded bundles, in name order, and returns them.
     *
     * @param cluster whether to install those under {@value #CLUSTER_FOLDER} too
     */
    static List<Bundle> install(BundleContext context, boolean cluster) throws IOException, BundleException {
        List<Bundle> installed = install(context, FOLDER);
        if (cluster) {
            installed.addAll(install(context, CLUSTER_FOLDER));
        }
        return installed;
    }

    /** Installs the bundles right in {@code folder}, not in a folder under it. */
    private static List<Bundle> install(BundleContext context, String folder) throws IOException, BundleException {
        Path source = codeSource();
        List<Bundle> installed = new ArrayList<>();
        try (JarFile jar = new JarFile(source.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            jar.stream().filter(e -> e.getName().startsWith(folder) && e.getName().endsWith(".jar")
                    && e.getName().indexOf('/', folder.length()) < 0).forEach(entries::add);
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (JarEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    installed.add(context.installBundle(LOCATION_PREFIX + entry.getName(), in));
                }
            }
        }
        if (installed.isEmpty()) {
            throw new IOException("no bundles under " + folder + " in " + source + ": a broken build?");
        }
        return installed;
    }

    /** @return whether the bundle was installed by the launcher from its own jar */
    static boolean isShipped(Bundle bundle) {
        return bundle.getLocation().startsWith(LOCATION_PREFIX);
    }

    private static Path codeSource() throws IOException {
        try {
            return Path.of(EmbeddedBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot tell where the launcher runs from", e);
        }
    }
}
