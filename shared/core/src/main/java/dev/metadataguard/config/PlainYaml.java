package dev.metadataguard.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * A policy is plain YAML: no anchors ({@code &name}), aliases ({@code *name}) or merge keys ({@code <<}).
 * The reader would take an alias for a string holding its name (a project list {@code [acme-prod, *legacy]}
 * would name a project "legacy"), and a merge can bring keys in from elsewhere in the file unseen.
 */
final class PlainYaml {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private PlainYaml() {
    }

    /** @throws PolicyException at the first anchor, alias or merge key, with its line */
    static void check(String yaml, String source) {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                if (parser.isCurrentAlias()) {
                    throw refused(source, line, "the alias *" + PolicyException.clip(parser.getText()));
                }
                if (parser.getObjectId() != null) {
                    throw refused(source, line, "the anchor &" + PolicyException.clip(String.valueOf(parser.getObjectId())));
                }
                if (token == JsonToken.FIELD_NAME && "<<".equals(parser.currentName())) {
                    throw refused(source, line, "the merge key <<");
                }
            }
        } catch (IOException e) {
            // Not valid YAML: the reader that follows says where and why.
        }
    }

    private static PolicyException refused(String source, int line, String what) {
        return new PolicyException(source, line, what + ": a policy is plain YAML, without anchors, aliases"
                + " or merge keys", "write each value out where it is used");
    }
}
