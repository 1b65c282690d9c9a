package io.flows.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sender's network rules: the SSRF guard, no redirects, a 2xx is the only success. */
@Timeout(30)
class WebhookSenderTest {

    private static final Instant NOW = Instant.now();

    @Test
    void neverReachesLinkLocalOrCloudMetadataAddresses() throws Exception {
        try (Sender s = new Sender(config(true))) {
            for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://[fd00:ec2::254]/", "http://[fe80::1]/")) {
                WebhookSender.Outcome o = s.send(url);
                assertThat(o.statusCode()).as(url).isNull();
                assertThat(o.error()).as(url).startsWith("HOST_DENIED");
            }
        }
    }

    @Test
    void loopbackIsRefusedWhenPrivateNetworksAreNot() throws Exception {
        HttpServer server = server(200, null);
        try (Sender s = new Sender(config(false))) {
            WebhookSender.Outcome o = s.send("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            assertThat(o.error()).startsWith("HOST_DENIED");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRedirectIsNotFollowedAndFailsTheAttempt() throws Exception {
        AtomicInteger followed = new AtomicInteger();
        HttpServer server = server(307, "/elsewhere");
        server.createContext("/elsewhere", exchange -> {
            followed.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        try (Sender s = new Sender(config(true))) {
            WebhookSender.Outcome o = s.send("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            assertThat(o.statusCode()).isEqualTo(307);
            assertThat(o.succeeded()).isFalse();
            assertThat(o.error()).isEqualTo("HTTP 307");
            assertThat(followed.get()).isZero();
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer server(int status, String location) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static NotificationsConfig config(boolean privateNetworks) {
        NotificationsConfig c = new NotificationsConfig();
        c.setAllowPrivateNetworks(privateNetworks);
        c.setTimeout(Duration.ofSeconds(3));
        c.setConnectTimeout(Duration.ofSeconds(2));
        return c;
    }

    /** A sender and one delivery to send with it. */
    private static final class Sender implements AutoCloseable {
        private final WebhookSender sender;

        Sender(NotificationsConfig config) {
            sender = new WebhookSender(config, Clock.systemUTC());
        }

        WebhookSender.Outcome send(String url) throws Exception {
            SubscriptionRow sub = new SubscriptionRow("sub_t", url, ExecutionEvent.FAILED, null, null,
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, null, true, null, NOW, NOW);
            DeliveryRow d = new DeliveryRow("msg_t", "sub_t", ExecutionEvent.FAILED, "e", "f", "{\"type\":\"execution.failed\"}",
                    DeliveryRow.PENDING, 0, NOW, false, null, null, null, NOW, NOW);
            return sender.send(sub, d).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            sender.close();
        }
    }
}
