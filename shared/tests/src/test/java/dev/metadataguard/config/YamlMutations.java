package dev.metadataguard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damage to a YAML policy the way people and tools do it, drawn from a seeded {@link Random}: a line
 * lost, repeated, swapped or re-indented (tabs too), a value of the wrong type or a huge one, a
 * misspelt key, anchors and aliases (a billion laughs), tags, 100,000 nested lists, several documents.
 */
final class YamlMutations {

    private static final List<String> ODD_VALUES = List.of("~", "null", "", "[]", "{}", "[a, [b, [c]]]",
            "{a: 1, b: [2]}", "yes", "off", "0x1F", "1e400", ".inf", "-.nan", "2026-11-28", "\"\\u0000\"",
            "'it''s'", "\"\\ud800\"", "!!binary aGVsbG8=", "!!java.lang.Runtime {}", "!!set {a, b}", "&a [1]",
            "*undefined", "|\n  block\n  text", ">-\n  folded", "? complex\n: key", "[unclosed", "{unclosed: 1",
            "\"unterminated", "- a\n- b", "GKE_METADATA", "replace", "roles/editor", "x@y.iam.gserviceaccount.com");
    private static final List<String> KEYS = List.of("mode", "acceptedMetadataModes", "allowedNodeRoles",
            "defaultAction", "remediation", "nodeServiceAccounts", "exemptions", "projects", "projectFolders",
            "replacement", "tickets", "allowLabelExemptions", "Mode", "mode ", "acceptedModes", "<<", "? ", "\"mode\"",
            "tickets.sink");

    private final Random random;

    YamlMutations(Random random) {
        this.random = random;
    }

    String mutate(String yaml) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(10)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, lines.get(at));
            case 2 -> lines.set(at, lines.set(random.nextInt(lines.size()), lines.get(at)));
            case 3 -> lines.set(at, reindent(lines.get(at)));
            case 4 -> lines.set(at, withValue(lines.get(at), ODD_VALUES.get(random.nextInt(ODD_VALUES.size()))));
            case 5 -> lines.set(at, withValue(lines.get(at), hugeValue()));
            case 6 -> lines.set(at, withKey(lines.get(at), KEYS.get(random.nextInt(KEYS.size()))));
            case 7 -> lines.add(at, random.nextBoolean() ? "---" : "...");
            case 8 -> {
                return structural(yaml);
            }
            default -> {
                return yaml.substring(0, random.nextInt(yaml.length() + 1));
            }
        }
        return String.join("\n", lines);
    }

    private String reindent(String line) {
        return switch (random.nextInt(3)) {
            case 0 -> "\t" + line;
            case 1 -> " " + line;
            default -> line.stripLeading();
        };
    }

    /** The line with whatever follows its first colon replaced; a line without one gets a key. */
    private static String withValue(String line, String value) {
        int colon = line.indexOf(':');
        return colon < 0 ? line + ": " + value : line.substring(0, colon + 1) + " " + value;
    }

    private static String withKey(String line, String key) {
        int colon = line.indexOf(':');
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        return indent + key + (colon < 0 ? ": x" : line.substring(colon));
    }

    /** Mostly kilobytes; now and then over SnakeYAML's 3 MB code point limit. */
    private String hugeValue() {
        int length = random.nextInt(40) == 0 ? 4 << 20 : random.nextInt(20_000);
        return "x".repeat(length);
    }

    /** Whole-document forms no line edit makes. */
    private String structural(String yaml) {
        return switch (random.nextInt(4)) {
            case 0 -> "projects: " + "[".repeat(100_000) + "]".repeat(100_000);
            case 1 -> billionLaughs();
            case 2 -> "- " + yaml.replace("\n", "\n  ");
            default -> yaml + "\n" + yaml;
        };
    }

    /** Nine levels of ten aliases each: a billion strings if a parser expanded them all. */
    private static String billionLaughs() {
        StringBuilder out = new StringBuilder("a0: &a0 [lol]\n");
        for (int i = 1; i < 10; i++) {
            out.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        return out.append("projects: *a9\n").toString();
    }
}
