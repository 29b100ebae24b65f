package dev.metadataguard.gke.embedded;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The JDK's HTTP server on a free loopback port, as the embedded services and the tests' fake APIs serve. */
public final class LoopbackServer {

    static {
        // The JDK server reads it once, when its first instance starts: without it every answer waits on
        // Nagle's algorithm, about 40 ms a request. So every server in a JVM is started here.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackServer() {
    }

    /** @param what what it serves, for the error when no port can be bound */
    public static HttpServer create(String what) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what + " on a loopback port", e);
        }
    }
}
