package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.testing.TestEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: a WebSocket (java.net.http) to the port
 * the browser picks and prints. A page is laid out at a viewport width as a phone or a desktop would, and
 * what only layout knows (the document's scroll width) is read with {@code Runtime.evaluate}, which runs
 * in the inspector as DevTools' console does: the page itself has no script and its CSP allows none.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Generous: it only bounds a broken browser, and no assertion depends on how long anything takes. */
    private static final long WAIT_SECONDS = 120;
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private HeadlessChromium(Process process, URI endpoint) {
        this.process = process;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, new Listener()).join();
    }

    /** Starts the browser with a new profile in {@code dir}; its own log goes to {@code dir/chromium.log}. */
    static HeadlessChromium start(Path dir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        // The flags of a machine with no network: no background fetches, nothing that phones home.
        Process process = new ProcessBuilder(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread log = new Thread(() -> copyLog(process, dir.resolve("chromium.log"), endpoint), "chromium-log");
        log.setDaemon(true);
        log.start();
        try {
            return new HeadlessChromium(process, endpoint.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not start; see " + dir.resolve("chromium.log"), e);
        }
    }

    /** Keeps the browser's stderr (it must be read, or the browser blocks) and finds the endpoint in it. */
    private static void copyLog(Process process, Path file, CompletableFuture<URI> endpoint) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(file), true)) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                out.println(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    endpoint.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            endpoint.completeExceptionally(e);
        }
        endpoint.completeExceptionally(new IllegalStateException("Chromium exited before it listened"));
    }

    private static String executable() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, "chromium"))) {
                return dir + "/chromium";
            }
        }
        throw new AssertionError("Debian's chromium is not installed: apt-get install chromium (.ci/run installs it)");
    }

    /**
     * Opens {@code page} in a new tab of {@code width} CSS pixels (a phone below 600: mobile, so the page's
     * viewport meta applies), and waits until it has loaded.
     */
    Tab open(Path page, int width) throws Exception {
        String target = call("Target.createTarget", Map.of("url", "about:blank"), null).path("targetId").asText();
        String session = call("Target.attachToTarget", Map.of("targetId", target, "flatten", true), null)
                .path("sessionId").asText();
        Tab tab = new Tab(target, session);
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900, "deviceScaleFactor", 1,
                "mobile", width < 600), session);
        call("Network.enable", Map.of(), session);
        call("Page.enable", Map.of(), session);
        call("Page.navigate", Map.of("url", page.toUri().toString()), session);
        tab.awaitLoad();
        return tab;
    }

    /** One page, laid out. */
    final class Tab implements AutoCloseable {
        private final String target;
        private final String session;
        private final List<String> requested = new ArrayList<>();

        private Tab(String target, String session) {
            this.target = target;
            this.session = session;
        }

        private void awaitLoad() throws InterruptedException {
            while (true) {
                JsonNode event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (event == null) {
                    throw new IllegalStateException("the page did not load");
                }
                if (!session.equals(event.path("sessionId").asText())) {
                    continue;
                }
                String method = event.path("method").asText();
                if (method.equals("Network.requestWillBeSent")) {
                    requested.add(event.path("params").path("request").path("url").asText());
                } else if (method.equals("Page.loadEventFired")) {
                    return;
                }
            }
        }

        /** Every URL the page asked for, itself included, up to its load event. */
        List<String> requested() {
            return List.copyOf(requested);
        }

        /** The value of a JavaScript expression over the page's DOM, evaluated by the inspector. */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true), session);
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("evaluating " + expression + ": " + result.path("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        /** The whole page as PNG, not only the viewport. */
        byte[] screenshot() throws Exception {
            JsonNode size = call("Page.getLayoutMetrics", Map.of(), session).path("cssContentSize");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
                    "height", size.path("height").asDouble(), "scale", 1);
            return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", clip), session).path("data").asText());
        }

        @Override
        public void close() throws Exception {
            call("Target.closeTarget", Map.of("targetId", target), null);
        }
    }

    private JsonNode call(String method, Map<String, Object> params, String session) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = TestEvents.JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", TestEvents.JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(TestEvents.JSON.writeValueAsString(message), true).join();
        JsonNode reply = answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.path("error"));
        }
        return reply.path("result");
    }

    /** Replies go to their caller by id; events queue up for whoever waits on them. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = TestEvents.JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> caller = pending.remove(message.path("id").asInt(-1));
                    if (caller != null) {
                        caller.complete(message);
                    } else if (message.has("method")) {
                        events.add(message);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("the browser sent something that is not JSON", e);
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        // Not waited for: the browser may exit before it answers.
        socket.sendText("{\"id\":0,\"method\":\"Browser.close\"}", true);
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
