package dev.metadataguard.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and validates the policy file. Unknown keys, wrong types and impossible combinations are
 * refused with the file, the line and a fix, so a bad policy stops a deployment at start, not at the
 * first event.
 */
public final class PolicyLoader {

    /** Inline YAML, as Terraform passes it. */
    public static final String ENV_INLINE = "MG_POLICY";
    /** A path to the YAML file, for local runs. */
    public static final String ENV_FILE = "MG_POLICY_FILE";

    /**
     * A policy is a few kilobytes. The YAML reader copies its buffer for every kilobyte of a long value,
     * so a runaway one (megabytes) costs time and memory that grow with its square: refuse it first.
     */
    static final int MAX_CHARS = 256 * 1024;

    /** Empty list entries and map values are refused where they stand, not met later as nulls. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));

    private PolicyLoader() {
    }

    /** The policy named by the environment: {@value #ENV_INLINE}, else {@value #ENV_FILE}, else the defaults. */
    public static Policy fromEnvironment(Map<String, String> env) {
        String inline = env.get(ENV_INLINE);
        if (inline != null && !inline.isBlank()) {
            return parse(inline, "$" + ENV_INLINE);
        }
        String file = env.get(ENV_FILE);
        if (file != null && !file.isBlank()) {
            return load(Path.of(file));
        }
        return Policy.defaults();
    }

    public static Policy load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "cannot read the policy file (" + e.getMessage() + ")",
                    "check the path given with --policy or " + ENV_FILE);
        }
        return parse(Utf8Text.decode(bytes, file.toString()), file.toString());
    }

    public static Policy parse(String yaml, String source) {
        if (yaml.length() > MAX_CHARS) {
            int line = (int) yaml.chars().limit(MAX_CHARS).filter(c -> c == '\n').count() + 1;
            throw new PolicyException(source, line, "the policy is " + yaml.length()
                    + " characters long, over the " + MAX_CHARS + " a policy may have",
                    "shorten long lists of projects or exemptions with globs");
        }
        PlainYaml.check(yaml, source);
        Policy policy;
        try {
            policy = yaml.isBlank() ? Policy.defaults() : YAML.readValue(yaml, Policy.class);
            if (policy == null) {
                policy = Policy.defaults();
            }
        } catch (UnrecognizedPropertyException e) {
            throw new PolicyException(source, line(yaml, e), "unknown key "
                    + PolicyException.quote(e.getPropertyName()) + " at " + path(e), "use one of "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (StreamConstraintsException e) {
            // Raised while the reader buffers a value, without a location: find where reading stops.
            throw new PolicyException(source, YamlLines.lineWhereReadingStops(yaml), "too deeply nested to read ("
                    + e.getOriginalMessage() + ")", "a policy nests a few levels; remove the extra brackets");
        } catch (InvalidNullException e) {
            throw new PolicyException(source, line(yaml, e), "empty entry at " + path(e),
                    "remove it or give it a value");
        } catch (InvalidFormatException e) {
            throw new PolicyException(source, line(yaml, e), PolicyException.quote(e.getValue()) + " at "
                    + path(e) + " is not a valid " + e.getTargetType().getSimpleName(), fixFor(e));
        } catch (ValueInstantiationException e) {
            throw new PolicyException(source, line(yaml, e), "bad value at " + path(e) + ": "
                    + PolicyException.clipQuoted(rootMessage(e)), "use one of the values named");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException syntax) {
                throw new PolicyException(source, line(yaml, syntax), "not valid YAML (" + syntax.getOriginalMessage()
                        + ")", "fix the YAML syntax");
            }
            throw new PolicyException(source, line(yaml, e), "wrong type at " + path(e) + " ("
                    + PolicyException.clipQuoted(e.getOriginalMessage().lines().findFirst().orElse("")) + ")",
                    "see test-events/policies/example.yaml for the expected shape");
        } catch (JsonProcessingException e) {
            throw new PolicyException(source, line(yaml, e), "not valid YAML (" + e.getOriginalMessage()
                    + ")", "fix the YAML syntax");
        }
        PolicyValidator.validate(policy, yaml, source);
        return policy;
    }

    private static String fixFor(InvalidFormatException e) {
        Class<?> type = e.getTargetType();
        if (type.isEnum()) {
            return "use one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c instanceof Mode m ? m.text() : c instanceof Replacement.Retire r ? r.text()
                            : c.toString().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return "give a " + type.getSimpleName();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static String path(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        if (refs.isEmpty()) {
            return "the top level";
        }
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return PolicyException.clip(out.toString());
    }

    /** The line of the offending key when the path leads to it, else where the parser stopped. */
    private static int line(String yaml, JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            List<Object> path = m.getPath().stream()
                    .<Object>map(r -> r.getFieldName() != null ? r.getFieldName() : r.getIndex()).toList();
            int line = YamlLines.lineOf(yaml, path);
            if (line > 0) {
                return line;
            }
        }
        JsonLocation location = e.getLocation();
        return location == null ? 0 : location.getLineNr();
    }
}
