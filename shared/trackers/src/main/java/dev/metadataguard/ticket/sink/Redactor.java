package dev.metadataguard.ticket.sink;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Masks credentials in text that came from elsewhere (an answer echoing the request, an exception): each
 * credential as it is, URL-encoded, and Base64-encoded (standard and URL alphabets, padded or not, from
 * each of its first three characters, so a Base64 echo of any part lines up), and every run of
 * {@value #MIN_RUN} or more characters that also occurs in one of those forms. So a server that echoes the
 * token less two characters, or the Basic credential made from it, shows no usable part of either.
 */
final class Redactor {

    /** The shortest run masked: shorter common runs are ordinary words, longer ones leak a credential. */
    static final int MIN_RUN = 8;
    static final String MASK = "****";

    private final Set<String> runs = new HashSet<>();

    /** @param credentials the secrets, and credentials made from them (such as a Basic credential) */
    Redactor(List<String> credentials) {
        for (String credential : credentials) {
            for (String form : forms(credential)) {
                for (int i = 0; i + MIN_RUN <= form.length(); i++) {
                    runs.add(form.substring(i, i + MIN_RUN));
                }
            }
        }
    }

    String redact(String text) {
        if (text == null || text.length() < MIN_RUN || runs.isEmpty()) {
            return text;
        }
        boolean[] masked = new boolean[text.length()];
        for (int i = 0; i + MIN_RUN <= text.length(); i++) {
            if (runs.contains(text.substring(i, i + MIN_RUN))) {
                for (int j = i; j < i + MIN_RUN; j++) {
                    masked[j] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!masked[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    private static List<String> forms(String credential) {
        List<String> forms = new ArrayList<>();
        if (credential == null || credential.isEmpty()) {
            return forms;
        }
        forms.add(credential);
        forms.add(URLEncoder.encode(credential, StandardCharsets.UTF_8));
        for (int start = 0; start < Math.min(3, credential.length()); start++) {
            byte[] bytes = credential.substring(start).getBytes(StandardCharsets.UTF_8);
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = encoder.encodeToString(bytes);
                forms.add(encoded);
                forms.add(URLEncoder.encode(encoded, StandardCharsets.UTF_8));
            }
        }
        return forms;
    }
}
