package dev.metadataguard.ticket.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private static final String TOKEN = "ghp_R4nd0mT0k3nV4lu3-xyz/+=";
    private static final String BASIC = b64("guard@example.com:" + TOKEN);
    private final Redactor redactor = new Redactor(List.of(TOKEN, BASIC));

    @ParameterizedTest
    @ValueSource(strings = {"whole", "url", "base64", "base64-offset-1", "base64-offset-2", "base64url", "basic",
        "less-two", "inner-eight"})
    void masksEveryFormOfTheCredential(String form) {
        String echoed = switch (form) {
            case "whole" -> TOKEN;
            case "url" -> URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
            case "base64" -> b64(TOKEN);
            case "base64-offset-1" -> b64(TOKEN.substring(1));
            case "base64-offset-2" -> b64(TOKEN.substring(5, 20));
            case "base64url" -> Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
            case "basic" -> BASIC;
            case "less-two" -> TOKEN.substring(1, TOKEN.length() - 1);
            default -> TOKEN.substring(7, 15);
        };

        assertEquals("before **** after", redactor.redact("before " + echoed + " after").replaceAll("\\*{4}[^ ]*", "****"));
        assertEquals(-1, redactor.redact("x " + echoed + " y").indexOf(echoed.substring(0, 8)));
    }

    @Test
    void leavesOtherTextAsItIs() {
        String text = "Field 'summary' is required; the issue type Story is not valid in project SEC.";

        assertEquals(text, redactor.redact(text));
    }

    @Test
    void masksSevenCharactersNowhereButEightEverywhere() {
        assertEquals("a ghp_R4n b", redactor.redact("a ghp_R4n b"));
        assertEquals("a **** b", redactor.redact("a ghp_R4nd b"));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
