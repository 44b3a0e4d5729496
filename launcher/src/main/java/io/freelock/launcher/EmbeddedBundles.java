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
 * runtime dependencies put them there; nothing else lists them.
 */
final class EmbeddedBundles {

    static final String FOLDER = "bundles/";
    private static final String LOCATION_PREFIX = "freelock:";

    private EmbeddedBundles() {
    }

    /** Installs every embedded bundle, in name order, and returns them. */
    static List<Bundle> install(BundleContext context) throws IOException, BundleException {
        Path source = codeSource();
        List<Bundle> installed = new ArrayList<>();
        try (JarFile jar = new JarFile(source.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            jar.stream().filter(e -> e.getName().startsWith(FOLDER) && e.getName().endsWith(".jar"))
                    .forEach(entries::add);
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (JarEntry entry : entries) {
                try (InputStream in = jar.getInputStream(entry)) {
                    installed.add(context.installBundle(location(entry.getName().substring(FOLDER.length())), in));
                }
            }
        }
        if (installed.isEmpty()) {
            throw new IOException("no bundles under " + FOLDER + " in " + source + ": a broken build?");
        }
        return installed;
    }

    private static String location(String fileName) {
        return LOCATION_PREFIX + FOLDER + fileName;
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
