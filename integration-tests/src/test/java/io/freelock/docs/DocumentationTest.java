package io.freelock.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The README, docs/ and the examples' READMEs: every relative link resolves, and what they say of the API packages'
 * versions is what the code declares.
 */
public class DocumentationTest {

    private static final Path ROOT = Path.of(System.getProperty("freelock.root", "..")).toAbsolutePath().normalize();
    /** "`io.freelock.queue` 1.2" in prose, as the README and docs name an exported package and its version. */
    private static final Pattern PACKAGE_VERSION = Pattern.compile("`(io\\.freelock\\.[a-z]+)` (\\d+\\.\\d+)\\b");

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private static List<Path> documentation() {
        List<Path> pages = new ArrayList<>(DocumentationCheck.pages(ROOT.resolve("README.md")));
        pages.addAll(DocumentationCheck.pages(ROOT.resolve("docs")));
        pages.addAll(DocumentationCheck.pages(ROOT.resolve("examples")));
        return pages;
    }

    @Test
    public void everyRelativeLinkResolves() {
        List<Path> pages = documentation();
        assertTrue("found " + pages, pages.size() > 5);
        List<String> broken = new DocumentationCheck(ROOT).brokenLinks(pages);
        assertTrue("broken links:\n" + String.join("\n", broken), broken.isEmpty());
    }

    @Test
    public void exportedPackageVersionsAreTheCodes() throws IOException {
        int checked = 0;
        for (Path page : documentation()) {
            Matcher mention = PACKAGE_VERSION.matcher(Files.readString(page));
            while (mention.find()) {
                String declared = declaredVersion(mention.group(1));
                if (declared != null) {
                    checked++;
                    assertTrue(ROOT.relativize(page) + " says " + mention.group() + ", the code declares " + declared,
                            declared.equals(mention.group(2)) || declared.startsWith(mention.group(2) + "."));
                }
            }
        }
        assertTrue("no package version named in the docs", checked >= 4);
    }

    /** @return the @Version of that package in bundles/, or null if no bundle exports it */
    private static String declaredVersion(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("bundles"))) {
            for (Path info : files.filter(p -> p.endsWith(Path.of("src/main/java", pkg.replace('.', '/'), "package-info.java"))).toList()) {
                Matcher version = Pattern.compile("@Version\\(\"([\\d.]+)\"\\)").matcher(Files.readString(info));
                if (version.find()) {
                    return version.group(1);
                }
            }
        }
        return null;
    }

    /** The check itself: it finds a missing file, a missing heading, and lets a good link and a web link be. */
    @Test
    public void theCheckFindsWhatIsBroken() throws IOException {
        Path root = temp.getRoot().toPath();
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.md"), "# A page\n\n## Second part\n");
        Files.writeString(root.resolve("README.md"), String.join("\n",
                "[good](docs/a.md#second-part) [web](https://example.org/x) `[code](nowhere.md)`",
                "```", "[fenced](nowhere.md)", "```",
                "[gone](docs/b.md)", "[no heading](docs/a.md#third-part)", "[out](../../etc/passwd)"));
        List<String> broken = new DocumentationCheck(root).brokenLinks(List.of(root.resolve("README.md")));
        assertEquals(String.join("\n", broken), 3, broken.size());
        assertTrue(broken.get(0), broken.get(0).startsWith("README.md:5: docs/b.md: no such file"));
        assertTrue(broken.get(1), broken.get(1).contains("no heading 'third-part'"));
        assertTrue(broken.get(2), broken.get(2).contains("outside the repository"));
    }
}
