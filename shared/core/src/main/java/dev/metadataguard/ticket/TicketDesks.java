package dev.metadataguard.ticket;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.TicketRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every change to every chosen sink: one {@link TicketDesk} per sink, each deciding from what its own sink
 * holds. A sink that remembers tickets is its own record of progress, so a retry after another sink failed
 * finds its ticket already changed and does nothing; a feed (Pub/Sub, webhook) sends the whole ticket again,
 * which its consumers upsert by fingerprint. One sink failing does not stop the others: each is tried in
 * turn, then the failures are thrown together, retryable if any of them is.
 */
public final class TicketDesks {

    private final List<TicketDesk> desks;

    public TicketDesks(List<TicketDesk> desks) {
        if (desks.isEmpty()) {
            throw new IllegalArgumentException("at least one ticket sink is needed");
        }
        this.desks = List.copyOf(desks);
    }

    public static TicketDesks of(TicketDesk desk) {
        return new TicketDesks(List.of(desk));
    }

    /**
     * @return what the request did in each sink, in the sinks' order
     * @throws SinksFailed when a sink failed, after every sink was tried
     */
    public List<TicketDesk.Applied> apply(TicketRequest request) {
        List<TicketDesk.Applied> applied = new ArrayList<>();
        List<ApiFailure> failures = new ArrayList<>();
        for (TicketDesk desk : desks) {
            try {
                applied.add(desk.apply(request));
            } catch (ApiFailure failure) {
                failures.add(new ApiFailure(failure.kind(), "sink " + desk.sinkName(), failure.getMessage(), failure));
            }
        }
        if (!failures.isEmpty()) {
            throw new SinksFailed(failures, applied);
        }
        return applied;
    }

    /**
     * One or more sinks failed. Retryable when any failure is, so the failed sinks are tried again (and the
     * others find their change made); otherwise permanent, naming each failed sink.
     */
    public static final class SinksFailed extends ApiFailure {

        private final List<TicketDesk.Applied> applied;

        SinksFailed(List<ApiFailure> failures, List<TicketDesk.Applied> applied) {
            super(failures.stream().map(ApiFailure::kind).filter(FailureKind::retryable).findFirst()
                            .orElse(failures.size() == 1 ? failures.get(0).kind() : FailureKind.PERMANENT),
                    "tickets.sinks", failures.stream().map(ApiFailure::getMessage).collect(Collectors.joining("; ")),
                    failures.get(0));
            failures.subList(1, failures.size()).forEach(this::addSuppressed);
            this.applied = List.copyOf(applied);
        }

        /** What the sinks that did not fail did. */
        public List<TicketDesk.Applied> applied() {
            return applied;
        }
    }
}
