package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Splits one input into its entries: a single value, the elements of an array, or a stream of values
 * (one per line). Entries of an array or stream are labelled {@code #N} by their place in the input and
 * replayed in timestamp order, since {@code gcloud logging read} prints the newest first and a last
 * entry must find what its first entry created.
 */
final class Entries {

    /** An entry with its label; {@code json} is empty when the input could not be parsed at all. */
    record Entry(String label, Optional<JsonNode> json, byte[] raw) {
    }

    private Entries() {
    }

    static List<Entry> of(Input input, ObjectMapper mapper) {
        List<JsonNode> values = new ArrayList<>();
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(input.bytes())) {
            while (it.hasNextValue()) {
                values.add(it.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            // Unparseable: the decoder reads the bytes again and says exactly what is wrong.
            return List.of(new Entry(input.label(), Optional.empty(), input.bytes()));
        }
        if (values.isEmpty()) {
            // Nothing at all (an empty file): the decoder says so, as an error row, rather than no row.
            return List.of(new Entry(input.label(), Optional.empty(), input.bytes()));
        }
        if (values.size() == 1 && values.get(0).isArray()) {
            JsonNode array = values.get(0);
            values = new ArrayList<>();
            array.forEach(values::add);
        } else if (values.size() == 1) {
            return List.of(new Entry(input.label(), Optional.of(values.get(0)), input.bytes()));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            entries.add(new Entry(input.label() + "#" + (i + 1), Optional.of(values.get(i)), new byte[0]));
        }
        entries.sort(Comparator.comparing(e -> e.json().get().path("timestamp").asText("")));
        return entries;
    }
}
