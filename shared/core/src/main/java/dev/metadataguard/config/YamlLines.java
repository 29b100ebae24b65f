package dev.metadataguard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;

/** Finds where in a YAML text a value sits, so every policy error can name its line. */
final class YamlLines {

    private YamlLines() {
    }

    /** The line of the value at {@code path} (keys and indexes), found by walking the YAML's tokens. */
    static int lineOf(String yaml, List<Object> path) {
        StringBuilder pointer = new StringBuilder();
        for (Object step : path) {
            pointer.append('/').append(String.valueOf(step).replace("~", "~0").replace("/", "~1"));
        }
        String wanted = pointer.toString();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            while (parser.nextToken() != null) {
                JsonStreamContext context = parser.getParsingContext();
                if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
                    context = context.getParent();
                }
                if (context != null && context.pathAsPointer().toString().equals(wanted)) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The line where a reader of the whole text gives up, for errors that carry no location. */
    static int lineWhereReadingStops(String yaml) {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            return stopLine(parser);
        } catch (IOException e) {
            return 1;
        }
    }

    private static int stopLine(JsonParser parser) {
        try {
            while (parser.nextToken() != null) {
                // Only where it stops matters.
            }
        } catch (IOException stopped) {
            // Where it stopped is the answer.
        }
        return parser.currentLocation().getLineNr();
    }
}
