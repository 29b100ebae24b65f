package dev.metadataguard.ticket;

import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.ticket.Block.Bullets;
import dev.metadataguard.ticket.Block.Code;
import dev.metadataguard.ticket.Block.Heading;
import dev.metadataguard.ticket.Block.Marker;
import dev.metadataguard.ticket.Block.Paragraph;
import dev.metadataguard.ticket.Block.Span;
import dev.metadataguard.ticket.Ticket.Problem;
import dev.metadataguard.ticket.Ticket.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays a ticket out for people: the body, and the notes added to it later (an outcome, a resolution,
 * a reopening). The same input always gives the same text.
 */
public final class TicketRenderer {

    private TicketRenderer() {
    }

    /** The whole ticket as a Markdown document, title first. */
    public static String markdown(Ticket ticket) {
        return "# " + MarkdownWriter.heading(ticket.title()) + "\n\n" + MarkdownWriter.write(body(ticket));
    }

    /** Blocks as Markdown, for trackers that take Markdown (GitHub). */
    public static String markdown(List<Block> blocks) {
        return MarkdownWriter.write(blocks);
    }

    /** The structured form: the ticket as JSON. */
    public static byte[] json(Ticket ticket) {
        return TicketJson.write(ticket);
    }

    /** Everything under the title. */
    public static List<Block> body(Ticket ticket) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph(List.of(
                Span.strong("Severity:"), Span.plain(" " + ticket.severity() + " · "),
                Span.strong("Status:"), Span.plain(" " + lower(ticket.status().name()) + " · "),
                Span.strong("Fingerprint:"), Span.plain(" "), Span.code(ticket.fingerprint()))));
        blocks.add(new Paragraph(List.of(Span.strong("Resource:"), Span.plain(" "), Span.code(ticket.resource()))));
        // The principal is the audit entry's text, so it is shown as code: never a link, a mention or markup.
        blocks.add(new Paragraph(List.of(Span.strong("Created by:"), Span.plain(" "),
                ticket.createdBy().map(Span::code).orElse(Span.plain("unknown")),
                Span.plain(ticket.createdAt().map(at -> " at " + at).orElse("")))));
        blocks.add(new Paragraph(List.of(Span.plain(ticket.summary()))));
        if (!ticket.problems().isEmpty()) {
            blocks.add(new Heading("What is wrong"));
            blocks.add(new Bullets(ticket.problems().stream().map(TicketRenderer::problem).toList()));
        }
        if (!ticket.unknownChecks().isEmpty()) {
            blocks.add(new Paragraph(List.of(Span.strong("Not settled:"),
                    Span.plain(" " + String.join("; ", ticket.unknownChecks())))));
        }
        if (!ticket.problems().isEmpty()) {
            blocks.add(new Heading("Why it matters"));
            blocks.add(new Bullets(whyByCheck(ticket.problems())));
        }
        if (!ticket.fix().isEmpty()) {
            blocks.add(new Heading("How to fix"));
            for (int i = 0; i < ticket.fix().size(); i++) {
                FixStep step = ticket.fix().get(i);
                blocks.add(new Paragraph(List.of(Span.strong((i + 1) + "."), Span.plain(" " + step.description()))));
                if (!step.commands().isEmpty()) {
                    blocks.add(new Code(String.join("\n", step.commands())));
                }
            }
        }
        if (!ticket.outcomes().isEmpty()) {
            blocks.add(new Heading("What the guard did"));
            blocks.add(new Bullets(ticket.outcomes().stream().map(TicketRenderer::outcomeLine).toList()));
            ticket.outcomes().forEach(o -> blocks.add(new Marker(OutcomeKey.marker(OutcomeKey.of(o)))));
        }
        ticket.resolution().ifPresent(r -> blocks.add(resolutionLine(r)));
        return blocks;
    }

    /** The note that records one more outcome on an existing ticket. */
    public static List<Block> outcomeNote(RemediationOutcome outcome) {
        return List.of(new Paragraph(outcomeLine(outcome)), new Marker(OutcomeKey.marker(OutcomeKey.of(outcome))));
    }

    public static List<Block> resolutionNote(Resolution resolution) {
        return List.of(resolutionLine(resolution));
    }

    public static List<Block> reopenNote(Instant seenAgain) {
        return List.of(new Paragraph(List.of(Span.strong("Reopened:"),
                Span.plain(" the violation was seen again at " + seenAgain + "."))));
    }

    private static List<Span> problem(Problem p) {
        List<Span> spans = new ArrayList<>(List.of(
                Span.strong(p.checkId() + " " + p.title()),
                Span.plain(" (" + p.severity() + (p.cis().isBlank() ? "" : ", " + p.cis()) + "): "),
                Span.code(p.evidence().field()), Span.plain(" is "), Span.code(p.evidence().actual()),
                Span.plain(", expected "), Span.code(p.evidence().expected()), Span.plain(".")));
        if (!p.note().isBlank()) {
            spans.add(Span.plain(" " + p.note()));
        }
        return spans;
    }

    private static List<List<Span>> whyByCheck(List<Problem> problems) {
        Map<String, String> why = new LinkedHashMap<>();
        problems.forEach(p -> why.putIfAbsent(p.checkId(), p.whyItMatters()));
        return why.entrySet().stream()
                .map(e -> List.of(Span.strong(e.getKey() + ":"), Span.plain(" " + e.getValue())))
                .toList();
    }

    private static List<Span> outcomeLine(RemediationOutcome o) {
        List<Span> spans = new ArrayList<>(List.of(Span.strong(lower(o.kind().name()).replace('_', ' ') + ":"),
                Span.plain(" " + nullToEmpty(o.detail()))));
        if (!nullToEmpty(o.replacement()).isBlank()) {
            spans.add(Span.plain(" Replacement: "));
            spans.add(Span.code(o.replacement()));
        }
        if (!nullToEmpty(o.operation()).isBlank()) {
            spans.add(Span.plain(" Operation: "));
            spans.add(Span.code(o.operation()));
        }
        if (!nullToEmpty(o.fix()).isBlank()) {
            spans.add(Span.plain(" Next: " + o.fix()));
        }
        return spans;
    }

    private static Block resolutionLine(Resolution r) {
        return new Paragraph(List.of(Span.strong("Resolved:"), Span.plain(" " + r.reason() + " at " + r.at() + ".")));
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
