package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.text.Inert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends one sink's calls: retries what a retry can fix (5xx, 408, 429, rate-limit 403s, no connection) with
 * exponential backoff or the server's Retry-After, within a bounded number of attempts, and turns every
 * other answer into an {@link ApiFailure} that says what to fix. Log lines and messages name the call and
 * the host, never a URL (a webhook URL can itself be a credential) nor a credential.
 */
final class SinkHttp {

    private static final StructuredLog LOG = StructuredLog.of("ticket-sink");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest error summary kept from an answer. */
    private static final int SUMMARY = 200;

    /**
     * What to tell a person for each kind of refusal.
     *
     * @param credentials what to check when the credentials are refused (401)
     * @param access      what to grant when they are accepted but not allowed (403)
     * @param target      what to check when the project, repository or URL is wrong (404, 3xx)
     */
    record Advice(String credentials, String access, String target) {
    }

    private final HttpTransport transport;
    private final Advice advice;
    private final Secret secret;

    SinkHttp(HttpTransport transport, Advice advice, Secret secret) {
        this.transport = transport;
        this.advice = advice;
        this.secret = secret;
    }

    /** A request with the timeout and the headers every call carries. */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(transport.requestTimeout())
                .header("User-Agent", "metadata-guard")
                .header("Accept", "application/json");
    }

    /** @return the 2xx answer's body as JSON; an empty body (204) reads as an empty object */
    JsonNode sendForJson(String call, HttpRequest request) {
        String body = send(call, request);
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiFailure(FailureKind.PERMANENT, call, "the answer from " + request.uri().getHost()
                    + " is not JSON; " + advice.target(), e);
        }
    }

    /** @return the body of the 2xx answer */
    String send(String call, HttpRequest request) {
        String host = request.uri().getHost();
        for (int attempt = 1; ; attempt++) {
            Attempt tried = tryOnce(call, host, request, attempt);
            if (tried.body() != null) {
                return tried.body();
            }
            if (attempt >= transport.attempts()) {
                throw new ApiFailure(FailureKind.TRANSIENT, call, tried.why() + " from " + host + " after " + attempt
                        + " attempts; retry on redelivery", tried.cause());
            }
            LOG.warning("will retry", "call", call, "host", host, "outcome", tried.why(), "attempt", attempt,
                    "attempts", transport.attempts(), "retryInMs", tried.delay().toMillis());
            pause(call, host, tried.delay());
        }
    }

    /** One attempt: the body of a 2xx answer, or why it failed and how long to wait before the next. */
    private record Attempt(String body, String why, Duration delay, Throwable cause) {
    }

    private Attempt tryOnce(String call, String host, HttpRequest request, int attempt) {
        HttpResponse<String> response;
        try {
            response = transport.client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Attempt(null, "no answer (" + e.getClass().getSimpleName() + ")", backoff(attempt), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(FailureKind.TRANSIENT, call, "interrupted while calling " + host, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Attempt(response.body(), "", Duration.ZERO, null);
        }
        if (!worthRetrying(response)) {
            throw refused(call, host, response);
        }
        Optional<Duration> asked = retryAfter(response);
        if (asked.isPresent() && asked.get().compareTo(transport.longestWait()) > 0) {
            throw new ApiFailure(FailureKind.TRANSIENT, call, "HTTP " + status + " from " + host
                    + ": the server asks to wait " + asked.get().toSeconds()
                    + " s, longer than a function should; retry on redelivery");
        }
        return new Attempt(null, "HTTP " + status, asked.orElse(backoff(attempt)), null);
    }

    private static boolean worthRetrying(HttpResponse<String> response) {
        int status = response.statusCode();
        // GitHub answers its rate limits with 403 and either Retry-After or an exhausted X-RateLimit-Remaining.
        boolean rateLimited403 = status == 403 && (response.headers().firstValue("Retry-After").isPresent()
                || response.headers().firstValue("X-RateLimit-Remaining").filter("0"::equals).isPresent());
        // 408: the server gave up waiting for the request (a stalled upload, an idle proxy); sending it again works.
        return status >= 500 || status == 429 || status == 408 || rateLimited403;
    }

    private ApiFailure refused(String call, String host, HttpResponse<String> response) {
        int status = response.statusCode();
        String prefix = "HTTP " + status + " from " + host + ": ";
        if (status == 401) {
            return new ApiFailure(FailureKind.PERMANENT, call,
                    prefix + "the credentials were refused; " + advice.credentials());
        }
        if (status == 403) {
            return new ApiFailure(FailureKind.PERMISSION_DENIED, call, prefix + "not allowed; " + advice.access());
        }
        if (status == 404) {
            return new ApiFailure(FailureKind.PERMANENT, call, prefix + "not found; " + advice.target());
        }
        if (status / 100 == 3) {
            return new ApiFailure(FailureKind.PERMANENT, call, prefix + "redirected elsewhere; " + advice.target());
        }
        String summary = errorSummary(response.body(), redactor(response.request()));
        return new ApiFailure(FailureKind.PERMANENT, call, prefix + "the request was refused"
                + (summary.isEmpty() ? " (the answer names no error)" : ": " + summary));
    }

    /**
     * The error messages of an answer, and nothing else of it: Jira's {@code errorMessages} and
     * {@code errors}, GitHub's {@code message} and {@code errors[].message}, a generic {@code error}. Never
     * the body itself, which may echo the request and its credential; shown inert and bounded.
     */
    static String errorSummary(String body, Redactor redactor) {
        JsonNode answer;
        try {
            answer = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return "";
        }
        if (answer == null || !answer.isObject()) {
            return "";
        }
        List<String> messages = new ArrayList<>();
        answer.path("errorMessages").forEach(m -> messages.add(m.asText()));
        answer.path("errors").fields().forEachRemaining(e -> messages.add(e.getKey() + ": " + e.getValue().asText()));
        if (answer.path("message").isTextual()) {
            messages.add(answer.path("message").asText());
        }
        if (answer.path("errors").isArray()) {
            answer.path("errors").forEach(e -> messages.add(e.isTextual() ? e.asText() : e.path("message").asText()));
        }
        JsonNode error = answer.path("error");
        messages.add(error.isTextual() ? error.asText() : error.path("message").asText());
        String joined = redactor.redact(String.join("; ", messages.stream().filter(m -> !m.isBlank()).toList()));
        return Inert.visible(joined.length() <= SUMMARY ? joined : joined.substring(0, SUMMARY) + "...");
    }

    /** Masks the secret and the credential the request carried, in every form, should a server echo them. */
    private Redactor redactor(HttpRequest request) {
        List<String> credentials = new ArrayList<>(List.of(secret.value()));
        request.headers().firstValue("Authorization")
                .map(value -> value.substring(value.indexOf(' ') + 1))
                .filter(value -> !value.isBlank())
                .ifPresent(credentials::add);
        return new Redactor(credentials);
    }

    private Duration backoff(int attempt) {
        Duration delay = transport.firstDelay().multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(transport.longestWait()) > 0 ? transport.longestWait() : delay;
    }

    /** Retry-After in seconds or as an HTTP date; a value that is neither is ignored. */
    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(transport.clock().instant(), at.toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private void pause(String call, String host, Duration wait) {
        try {
            transport.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(FailureKind.TRANSIENT, call, "interrupted while waiting to retry " + host, e);
        }
    }

}
