package io.freelock.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Markdown pages and says what in them is broken: a relative link to a file or folder that does not exist, or
 * to a heading the page linked to does not have. Links into the web, and anything in code (fenced blocks, inline
 * code), are not followed.
 */
final class DocumentationCheck {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private final Path root;

    /** @param root the repository's root folder; links may not point outside it */
    DocumentationCheck(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return every Markdown page under {@code folder}, or the page itself if it is one */
    static List<Path> pages(Path folder) {
        if (Files.isRegularFile(folder)) {
            return List.of(folder);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/target/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return one line per broken link, {@code page:line: link: why}; empty if none */
    List<String> brokenLinks(List<Path> pages) {
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = read(page);
            boolean fenced = false;
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                if (line.trim().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (link.find()) {
                    String why = check(page, link.group(1));
                    if (why != null) {
                        broken.add(root.relativize(page) + ":" + (n + 1) + ": " + link.group(1) + ": " + why);
                    }
                }
            }
        }
        return broken;
    }

    /** @return why {@code target}, linked from {@code page}, is broken; null if it is not */
    private String check(Path page, String target) {
        if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: and the like: not part of this repository
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!linked.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(linked)) {
            return "no such file or folder";
        }
        if (anchor != null && linked.toString().endsWith(".md") && !anchors(linked).contains(anchor)) {
            return "no heading '" + anchor + "' in " + root.relativize(linked);
        }
        return null;
    }

    /** @return the anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as dashes */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : read(page)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String text = heading.group(1).trim().toLowerCase(Locale.ROOT);
                String slug = text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = slug;
                for (int k = 1; !anchors.add(unique); k++) {
                    unique = slug + "-" + k;
                }
            }
        }
        return anchors;
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
