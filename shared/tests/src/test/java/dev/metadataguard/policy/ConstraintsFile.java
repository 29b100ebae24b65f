package dev.metadataguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/** terraform/prevent/constraints.tf, written from the checks' own prevention declarations. */
public final class ConstraintsFile {

    public static final String HOW = "mvn -B -pl shared/tests -am test -Dtest=ConstraintsFileTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dmg.regenerate=true";

    private ConstraintsFile() {
    }

    /** Every constraint the checks declare, in registry order, as a Terraform local. */
    public static List<Prevention.Constraint> constraints(List<Check> checks) {
        return checks.stream().flatMap(c -> c.prevention().stream()).flatMap(p -> p.constraints().stream()).toList();
    }

    public static String hcl(List<Check> checks) {
        return "# Written by the guard from each check's prevention() (shared/core .../policy/checks/): do not edit.\n"
                + "# Regenerate: " + HOW + "\n"
                + "locals {\n  constraints = {\n"
                + constraints(checks).stream().map(ConstraintsFile::entry).collect(Collectors.joining("\n"))
                + "  }\n}\n";
    }

    private static String entry(Prevention.Constraint c) {
        return "    " + quote(c.name()) + " = {\n"
                + attribute("check", quote(c.checkId()))
                + attribute("resource_types", "[" + quote(c.resourceType()) + "]")
                + attribute("method_types", c.methods().stream().map(m -> quote(m.name()))
                        .collect(Collectors.joining(", ", "[", "]")))
                + attribute("condition", quote(c.condition()))
                + attribute("display_name", quote(c.displayName()))
                + attribute("description", quote(c.description()))
                + "    }\n";
    }

    /** Aligned as terraform fmt aligns a block's attributes: on the longest name, resource_types. */
    private static String attribute(String name, String value) {
        return "      " + name + " ".repeat("resource_types".length() - name.length()) + " = " + value + "\n";
    }

    /** An HCL string: quotes and backslashes escaped, and no template sequence left to interpolate. */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${").replace("%{", "%%{") + "\"";
    }
}
