package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.runtime.Environment;
import dev.metadataguard.runtime.Lazy;
import dev.metadataguard.runtime.Services;
import dev.metadataguard.ticket.TicketOpenerService;
import io.cloudevents.CloudEvent;
import java.util.function.Supplier;

/** Consumes {@code ticket-requests} and keeps one ticket per resource and finding set in the configured tracker. */
public final class TicketOpener implements CloudEventsFunction {

    private final Supplier<TicketOpenerService> service;

    public TicketOpener() {
        this(Lazy.of(() -> Services.ticketOpener(Environment.system())));
    }

    TicketOpener(Supplier<TicketOpenerService> service) {
        this.service = service;
    }

    @Override
    public void accept(CloudEvent event) {
        service.get().handle(event);
    }
}
