package dev.metadataguard.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.metadataguard.text.InertJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON form of a ticket: compact, field order fixed by the record, times as ISO-8601 text. */
public final class TicketJson {

    private static final ObjectMapper JSON = InertJson.escaping(new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    private TicketJson() {
    }

    public static byte[] write(Ticket ticket) {
        try {
            return JSON.writeValueAsBytes(ticket);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ticket is plain data and always serialises", e);
        }
    }

    public static Ticket read(byte[] json) {
        try {
            return JSON.readValue(json, Ticket.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a ticket: " + e.getMessage(), e);
        }
    }
}
