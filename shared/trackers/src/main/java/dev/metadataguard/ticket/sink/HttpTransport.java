package dev.metadataguard.ticket.sink;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What every HTTP sink sends through: the client, how often and how long to retry, how to wait and what
 * time it is. Tests pass a sleeper that records instead of sleeping.
 *
 * @param attempts       tries per call, the first included
 * @param firstDelay     the wait after the first failure; it doubles with each further one
 * @param longestWait    the longest wait worth spending in a function; a server asking for more (Retry-After)
 *                       gets the call back from Pub/Sub's redelivery instead
 * @param requestTimeout how long one request may take
 */
public record HttpTransport(HttpClient client, int attempts, Duration firstDelay, Duration longestWait,
        Duration requestTimeout, Sleeper sleeper, Clock clock) {

    /** Waits; {@link Thread#sleep} in production. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static HttpTransport standard() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new HttpTransport(client, 4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(20),
                duration -> Thread.sleep(duration.toMillis()), Clock.systemUTC());
    }
}
