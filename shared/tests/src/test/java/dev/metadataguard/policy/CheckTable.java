package dev.metadataguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/** The README's "What it checks" table, written from the checks' own declarations. */
public final class CheckTable {

    public static final String HEADER = """
            | id | severity | finding | rule (effective value, after GKE's defaults) | a replacement sets | fixed in place by UpdateNodePool | SCC category | CIS GKE Benchmark 1.6.0 |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            """;

    private CheckTable() {
    }

    public static String markdown(List<Check> checks) {
        return HEADER + checks.stream().map(CheckTable::row).collect(Collectors.joining());
    }

    private static String row(Check check) {
        return "| " + String.join(" | ", check.id(),
                check.severity().name() + (check.informational() ? " (informational)" : ""), check.title(), check.rule(),
                code(check.fix().replacementSets()), check.fix().inPlace().map(fix -> code(List.of(fix.summary()))).orElse("no"),
                code(List.of(check.category())), check.cis().map(item -> item.id() + " " + item.title()).orElse("none"))
                + " |\n";
    }

    private static String code(List<String> settings) {
        return settings.stream().map(s -> "`" + s + "`").collect(Collectors.joining("; "));
    }
}
