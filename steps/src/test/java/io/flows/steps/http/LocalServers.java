package io.flows.steps.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Real servers on ephemeral loopback ports for the connector tests: an HTTP server and raw sockets that misbehave. */
final class LocalServers implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();

    /** An HTTP server on 127.0.0.1; add handlers with {@link Http#on}. */
    Http http() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        ExecutorService pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.start();
        open.add(() -> {
            server.stop(0);
            pool.shutdownNow();
        });
        return new Http(server);
    }

    /**
     * A raw TCP server on {@code bind} that hands each accepted socket to {@code behaviour} on its own
     * thread; {@link Raw#accepted()} counts connections.
     */
    Raw raw(InetAddress bind, Consumer<Socket> behaviour) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, bind);
        AtomicInteger accepted = new AtomicInteger();
        List<Socket> clients = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    accepted.incrementAndGet();
                    synchronized (clients) {
                        clients.add(client);
                    }
                    Thread worker = new Thread(() -> behaviour.accept(client), "raw-server-worker");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
        open.add(() -> {
            socket.close();
            synchronized (clients) {
                for (Socket client : clients) {
                    client.close();
                }
            }
        });
        return new Raw(socket.getLocalPort(), accepted);
    }

    Raw raw(Consumer<Socket> behaviour) throws IOException {
        return raw(InetAddress.getLoopbackAddress(), behaviour);
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void write(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // the client went away, which is what some tests want
        }
    }

    /** Reads the request head so the client sees its request accepted. */
    static void readHead(Socket socket) {
        head(socket);
    }

    /**
     * Reads one whole request (head, and a body of the announced Content-Length) and answers its
     * "METHOD /path", or null when the client closed the connection first.
     */
    static String readRequest(Socket socket) {
        String head = head(socket);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        try {
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    socket.getInputStream().readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
        } catch (IOException e) {
            return null;
        }
        String[] requestLine = lines[0].split(" ");
        return requestLine[0] + " " + requestLine[1];
    }

    /** The request head up to its blank line, its bytes as ISO-8859-1 characters, or null when the stream ends before it. */
    static String head(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return matched == 4 ? head.toString(StandardCharsets.ISO_8859_1) : null;
        } catch (IOException e) {
            return null; // the client went away
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    record Raw(int port, AtomicInteger acceptedCounter) {
        int accepted() {
            return acceptedCounter.get();
        }
    }

    static final class Http {
        private final HttpServer server;

        Http(HttpServer server) {
            this.server = server;
        }

        Http on(String path, HttpHandler handler) {
            server.createContext(path, handler);
            return this;
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        static String requestBody(HttpExchange exchange) throws IOException {
            return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
