package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * The launcher's bundle list (its pom's runtime dependencies, embedded in the jar) against what the resolver chose
 * for launcher/freelock.bndrun: the build's resolution fails if the jar lacks a bundle; this fails if it ships one
 * the resolution does not name, or another version of one. The bundles it installs for a server of a cluster only
 * (under bundles/cluster/) count: they are resolved with the rest.
 */
public class LauncherBundleListIT {

    private static final Pattern RUN_BUNDLE = Pattern.compile("([\\w.-]+);version='([^']+)'");

    @Test
    public void theJarShipsExactlyTheBundlesTheResolverChose() throws IOException {
        Map<String, VersionRange> resolved = runBundles(new File(System.getProperty("freelock.bndrun")));
        assertTrue("no -runbundles found", resolved.size() > 10);
        Map<String, Version> shipped = new TreeMap<>();
        List<File> jars = new ArrayList<>(FreelockContainer.shippedBundles());
        jars.addAll(FreelockContainer.clusterBundles());
        for (File jar : jars) {
            try (JarFile in = new JarFile(jar)) {
                Manifest manifest = in.getManifest();
                String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
                shipped.put(bsn, Version.parseVersion(manifest.getMainAttributes().getValue("Bundle-Version")));
            }
        }
        assertEquals("shipped bundles against -runbundles", resolved.keySet(), shipped.keySet());
        shipped.forEach((bsn, version) -> assertTrue(bsn + " " + version + " is outside " + resolved.get(bsn),
                resolved.get(bsn).includes(version)));
    }

    /** @return each -runbundles entry of the bndrun: symbolic name and version range */
    private static Map<String, VersionRange> runBundles(File bndrun) throws IOException {
        String text = Files.readString(bndrun.toPath()).replace("\\\n", "");
        Matcher header = Pattern.compile("(?m)^-runbundles:(.*)$").matcher(text);
        assertTrue("no -runbundles in " + bndrun, header.find());
        Map<String, VersionRange> bundles = new TreeMap<>();
        Matcher entry = RUN_BUNDLE.matcher(header.group(1));
        while (entry.find()) {
            bundles.put(entry.group(1), new VersionRange(entry.group(2)));
        }
        return bundles;
    }
}
