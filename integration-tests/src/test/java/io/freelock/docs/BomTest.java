package io.freelock.docs;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/** The BOM that the README tells users to import names every bundle the reactor builds, and nothing else. */
public class BomTest {

    private static final Path ROOT = Path.of(System.getProperty("freelock.root", "..")).toAbsolutePath().normalize();
    private static final Pattern FREELOCK_ARTIFACT = Pattern.compile("<artifactId>(io\\.freelock\\.[\\w.-]+)</artifactId>");

    @Test
    public void theBomListsEveryBundle() throws IOException {
        Set<String> bundles = new TreeSet<>();
        try (Stream<Path> poms = Files.list(ROOT.resolve("bundles"))) {
            for (Path pom : poms.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                bundles.add(ownArtifactId(pom));
            }
        }
        bundles.add(ownArtifactId(ROOT.resolve("testkit/pom.xml")));
        bundles.add(ownArtifactId(ROOT.resolve("consensus-testkit/pom.xml")));
        Set<String> listed = new TreeSet<>();
        Matcher artifact = FREELOCK_ARTIFACT.matcher(Files.readString(ROOT.resolve("bom/pom.xml")));
        while (artifact.find()) {
            listed.add(artifact.group(1));
        }
        assertEquals(bundles, listed);
    }

    /** @return the module's own artifactId: the first one after its parent element */
    private static String ownArtifactId(Path pom) throws IOException {
        String text = Files.readString(pom);
        Matcher own = FREELOCK_ARTIFACT.matcher(text.substring(text.indexOf("</parent>")));
        if (!own.find()) {
            throw new AssertionError("no io.freelock artifactId in " + pom);
        }
        return own.group(1);
    }
}
