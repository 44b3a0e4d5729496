package io.freelock.metrics.hdr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 and of OpenMetrics 1.0.0 text, written for the tests from the
 * formats' rules: it parses what {@link PrometheusText} writes back into samples and refuses what a Prometheus server
 * would refuse (a sample before its family's TYPE, a family split in two, a repeated series, a summary sample without
 * its quantile, bad escapes, bad numbers). In OpenMetrics also: a sample whose name is not its family's name plus the
 * suffix its type allows (a counter's {@code _total}, an info's {@code _info}), an empty line, a missing or early
 * {@code # EOF}, a HELP or TYPE given twice.
 */
final class Exposition {

    /** One sample line. Labels sorted by key. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram", "untyped");
    private static final Set<String> OPENMETRICS_TYPES = Set.of("counter", "gauge", "summary", "histogram", "info",
            "stateset", "gaugehistogram", "unknown");
    private static final Map<String, List<String>> OPENMETRICS_SUFFIXES = Map.of(
            "counter", List.of("_total", "_created"), "gauge", List.of(""), "summary", List.of("", "_count", "_sum", "_created"),
            "histogram", List.of("_bucket", "_count", "_sum", "_created"), "info", List.of("_info"),
            "stateset", List.of(""), "gaugehistogram", List.of("_bucket", "_gcount", "_gsum"), "unknown", List.of(""));
    private static final String EOF = "# EOF\n";

    private final boolean openMetrics;

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> help = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private Exposition(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Reads the Prometheus text format 0.0.4. */
    static Exposition parse(String text) {
        return parse(text, false);
    }

    /** Reads OpenMetrics 1.0.0 text. */
    static Exposition parseOpenMetrics(String text) {
        if (!text.endsWith(EOF) || text.indexOf(EOF) != text.length() - EOF.length()
                || !(text.length() == EOF.length() || text.charAt(text.length() - EOF.length() - 1) == '\n')) {
            throw new IllegalArgumentException("OpenMetrics text must end with its only line '# EOF'");
        }
        return parse(text.substring(0, text.length() - EOF.length()), true);
    }

    private static Exposition parse(String text, boolean openMetrics) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line has no line feed");
        }
        Exposition parsed = new Exposition(openMetrics);
        Set<String> finishedFamilies = new HashSet<>();
        Set<String> seenSeries = new HashSet<>();
        String currentFamily = null;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            String where = "line " + lineNumber + " '" + line + "': ";
            if (line.isEmpty()) {
                if (openMetrics && lineNumber < text.split("\n", -1).length) {
                    throw new IllegalArgumentException(where + "an empty line");
                }
                continue;
            }
            if (line.startsWith("#")) {
                String family = parsed.comment(line, where);
                if (family != null) {
                    if (!family.equals(currentFamily) && currentFamily != null) {
                        finishedFamilies.add(currentFamily);
                    }
                    if (finishedFamilies.contains(family)) {
                        throw new IllegalArgumentException(where + "family " + family + " appears twice");
                    }
                    currentFamily = family;
                }
                continue;
            }
            Sample sample = sample(line, where);
            String family = parsed.familyOf(sample.name());
            if (family == null) {
                throw new IllegalArgumentException(where + "sample before any # TYPE of its family");
            }
            if (!family.equals(currentFamily)) {
                if (currentFamily != null) {
                    finishedFamilies.add(currentFamily);
                }
                if (finishedFamilies.contains(family)) {
                    throw new IllegalArgumentException(where + "family " + family + " is split");
                }
                currentFamily = family;
            }
            if ("summary".equals(parsed.types.get(family)) && sample.name().equals(family)
                    && !sample.labels().containsKey("quantile")) {
                throw new IllegalArgumentException(where + "a summary sample without a quantile");
            }
            if (!seenSeries.add(sample.name() + sample.labels())) {
                throw new IllegalArgumentException(where + "series repeated");
            }
            parsed.samples.add(sample);
        }
        return parsed;
    }

    /** @return the value of the one sample with that name and labels */
    double value(String name, Map<String, String> labels) {
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(new TreeMap<>(labels))) {
                return sample.value();
            }
        }
        throw new AssertionError("no sample " + name + labels + " in " + samples);
    }

    /** @return the family a TYPE or HELP comment is about, or null for another comment */
    private String comment(String line, String where) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !(parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
            return null;
        }
        String name = parts[2];
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "bad metric name");
        }
        if (parts[1].equals("TYPE")) {
            if (parts.length != 4 || !(openMetrics ? OPENMETRICS_TYPES : TYPES).contains(parts[3])) {
                throw new IllegalArgumentException(where + "bad type");
            }
            if (types.put(name, parts[3]) != null) {
                throw new IllegalArgumentException(where + "second TYPE for " + name);
            }
        } else {
            if (help.put(name, parts.length == 4 ? unescape(parts[3], openMetrics, where) : "") != null) {
                throw new IllegalArgumentException(where + "second HELP for " + name);
            }
        }
        return name;
    }

    private String familyOf(String sampleName) {
        if (openMetrics) {
            for (Map.Entry<String, String> family : types.entrySet()) {
                for (String suffix : OPENMETRICS_SUFFIXES.get(family.getValue())) {
                    if (sampleName.equals(family.getKey() + suffix)) {
                        return family.getKey();
                    }
                }
            }
            return null;
        }
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String suffix : List.of("_count", "_sum", "_bucket")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                String type = types.get(base);
                if ("summary".equals(type) || "histogram".equals(type)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, String where) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException(where + "no metric name");
        }
        int at = name.end();
        Map<String, String> labels = new TreeMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                Matcher key = LABEL_NAME.matcher(line).region(at, line.length());
                if (!key.lookingAt() || line.charAt(key.end()) != '=' || line.charAt(key.end() + 1) != '"') {
                    throw new IllegalArgumentException(where + "bad label at " + at);
                }
                int valueStart = key.end() + 2;
                int valueEnd = valueStart;
                while (line.charAt(valueEnd) != '"') {
                    valueEnd += line.charAt(valueEnd) == '\\' ? 2 : 1;
                }
                if (labels.put(key.group(), unescape(line.substring(valueStart, valueEnd), true, where)) != null) {
                    throw new IllegalArgumentException(where + "label " + key.group() + " repeated");
                }
                at = valueEnd + 1;
                if (line.charAt(at) == ',') {
                    at++;
                } else if (line.charAt(at) != '}') {
                    throw new IllegalArgumentException(where + "expected ',' or '}' at " + at);
                }
            }
            at++;
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new IllegalArgumentException(where + "no space before the value");
        }
        String[] rest = line.substring(at + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException(where + "more than a value and a timestamp");
        }
        return new Sample(line.substring(0, name.end()), labels, number(rest[0], where));
    }

    private static double number(String text, String where) {
        switch (text) {
            case "NaN": return Double.NaN;
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default:
                if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new IllegalArgumentException(where + "bad number '" + text + "'");
                }
                return Double.parseDouble(text);
        }
    }

    /**
     * Label values may escape backslash, quote and line feed; HELP text backslash and line feed only in 0.0.4, and
     * the quote too in OpenMetrics ({@code quote} true).
     */
    private static String unescape(String text, boolean quote, String where) {
        boolean label = quote;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                if (label && c == '"') {
                    throw new IllegalArgumentException(where + "unescaped quote");
                }
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case '\\': out.append('\\'); break;
                case 'n': out.append('\n'); break;
                case '"':
                    if (!label) {
                        throw new IllegalArgumentException(where + "\\\" in HELP");
                    }
                    out.append('"');
                    break;
                default: throw new IllegalArgumentException(where + "bad escape \\" + next);
            }
        }
        return out.toString();
    }
}
