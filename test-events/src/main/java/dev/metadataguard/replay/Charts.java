package dev.metadataguard.replay;

import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.checks.Checks;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The report's two figures as inline SVG, drawn here so the page needs no script and fetches nothing:
 * open findings by check and severity, and each project's pools by state. Both scale to the width they
 * are given (a viewBox), so they read on a phone as on a desktop.
 */
final class Charts {

    static final String EXPOSED = "#cf222e";
    static final String COMPLIANT = "#1a7f37";
    static final String EXEMPT = "#8250df";
    static final String UNKNOWN = "#bf8700";
    private static final String EMPTY = "#eef1f4";
    private static final List<Severity> SEVERITIES = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
            Severity.LOW);
    private static final int LABEL = 64;
    private static final int COLUMN = 68;
    private static final int ROW = 34;
    private static final int BAR_WIDTH = 400;
    private static final int BAR_ROW = 48;
    /** Longer project names (domain-scoped ids) are cut so they cannot run into the figures beside them. */
    private static final int NAME_CHARS = 30;

    private Charts() {
    }

    /**
     * A check per row, a severity per column, each cell the open findings of that check; a check has one
     * severity, so its count sits in that column and the darker the cell, the more findings.
     */
    static String matrix(Collection<FindingId> open) {
        List<Check> checks = Checks.ALL;
        int max = checks.stream().mapToInt(c -> count(open, c)).max().orElse(0);
        int width = LABEL + SEVERITIES.size() * COLUMN;
        int height = 26 + checks.size() * ROW;
        StringBuilder svg = new StringBuilder("<svg class=\"chart matrix\" viewBox=\"0 0 " + width + " " + height
                + "\" role=\"img\" aria-label=\"Open findings by check and severity\">"
                + "<title>Open findings by check and severity</title>");
        for (int i = 0; i < SEVERITIES.size(); i++) {
            svg.append(text(LABEL + i * COLUMN + 32, 16, "middle", 11, "#59636e",
                    SEVERITIES.get(i).name().toLowerCase(Locale.ROOT)));
        }
        for (int r = 0; r < checks.size(); r++) {
            Check check = checks.get(r);
            int y = 26 + r * ROW;
            svg.append(text(0, y + 20, "start", 13, "#1f2328", check.id()));
            for (int i = 0; i < SEVERITIES.size(); i++) {
                int x = LABEL + i * COLUMN;
                boolean own = check.severity() == SEVERITIES.get(i);
                int n = own ? count(open, check) : 0;
                double shade = n == 0 ? 0 : 0.25 + 0.75 * n / max;
                svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(COLUMN - 4)
                        .append("\" height=\"").append(ROW - 4).append("\" rx=\"4\" fill=\"")
                        .append(n == 0 ? EMPTY : EXPOSED).append('"');
                if (n > 0) {
                    svg.append(" fill-opacity=\"").append(String.format(Locale.ROOT, "%.2f", shade)).append('"');
                }
                svg.append("><title>").append(Html.text(check.id() + " " + check.title())).append(": ").append(n)
                        .append(" open</title></rect>");
                if (own) {
                    svg.append(text(x + 32, y + 20, "middle", 13, shade > 0.6 ? "#ffffff" : "#1f2328",
                            Integer.toString(n)));
                }
            }
        }
        return svg.append("</svg>").toString();
    }

    private static int count(Collection<FindingId> open, Check check) {
        return (int) open.stream().filter(f -> f.check().equals(check.id())).count();
    }

    /**
     * A bar per project, as long as its pools against the largest project's: exposed, unknown, exempt and
     * compliant pools in that order, with the project's name and its exposed count above.
     */
    static String projectBars(List<ProjectCount> projects) {
        int largest = projects.stream().mapToInt(ProjectCount::total).max().orElse(1);
        int height = Math.max(1, projects.size()) * BAR_ROW - 6;
        StringBuilder svg = new StringBuilder("<svg class=\"chart bars\" viewBox=\"0 0 " + BAR_WIDTH + " " + height
                + "\" role=\"img\" aria-label=\"Node pools per project, exposed and compliant\">"
                + "<title>Node pools per project, exposed and compliant</title>");
        for (int i = 0; i < projects.size(); i++) {
            ProjectCount p = projects.get(i);
            int y = i * BAR_ROW;
            String name = p.project().length() > NAME_CHARS ? p.project().substring(0, NAME_CHARS - 1) + "\u2026"
                    : p.project();
            svg.append(text(0, y + 15, "start", 15, "#1f2328", name));
            svg.append(text(BAR_WIDTH, y + 15, "end", 15, "#59636e", p.exposed() + " of " + p.total() + " exposed"));
            svg.append("<rect x=\"0\" y=\"").append(y + 22).append("\" width=\"").append(BAR_WIDTH)
                    .append("\" height=\"18\" rx=\"3\" fill=\"").append(EMPTY).append("\"/>");
            double x = 0;
            int[] counts = {p.exposed(), p.unknown(), p.exempt(), p.compliant()};
            String[] colours = {EXPOSED, UNKNOWN, EXEMPT, COMPLIANT};
            String[] names = {"exposed", "unknown", "exempt", "compliant"};
            for (int s = 0; s < counts.length; s++) {
                if (counts[s] == 0) {
                    continue;
                }
                double w = (double) BAR_WIDTH * counts[s] / largest;
                svg.append("<rect x=\"").append(String.format(Locale.ROOT, "%.1f", x)).append("\" y=\"").append(y + 22)
                        .append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", w))
                        .append("\" height=\"18\" fill=\"").append(colours[s]).append("\"><title>")
                        .append(Html.text(p.project())).append(": ").append(counts[s]).append(' ').append(names[s])
                        .append("</title></rect>");
                x += w;
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String text(int x, int y, String anchor, int size, String fill, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"" + size
                + "\" fill=\"" + fill + "\">" + Html.text(text) + "</text>";
    }
}
