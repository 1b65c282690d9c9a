package io.flows.steps.http;

import static io.flows.steps.http.HttpConnectorFailureTest.failureOf;
import static io.flows.steps.http.LocalServers.Http.respond;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.steps.StepFailure;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private LocalServers servers;
    private HttpConnector connector;

    @BeforeEach
    void start() {
        servers = new LocalServers();
        connector = new HttpConnector(HttpSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        servers.close();
    }

    private static HttpSettings settings(List<String> allow, List<String> deny, boolean allowPrivate) {
        HttpSettings d = HttpSettings.defaults();
        return new HttpSettings(allow, deny, allowPrivate, d.maxConnections(), d.maxResponseBytes(), d.maxRedirects(),
                d.connectTimeout());
    }

    private StepFailure deniedCall(HttpConnector with, String url) {
        long start = System.nanoTime();
        StepFailure failure = failureOf(with.send(HttpCall.get(url), TIMEOUT));
        assertThat(failure.code()).as(url + ": " + failure.getMessage()).isEqualTo("HOST_DENIED");
        assertThat(failure.retryable()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("denied before any connect attempt")
                .isLessThan(1000);
        return failure;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.0.1/",
        "http://[fe80::1]/",
        "http://[FE80::abcd:1]:8080/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[0:0:0:0:0:ffff:a9fe:a9fe]/",
        "http://[::169.254.169.254]/",
        "http://[64:ff9b::169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b:1::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://0.0.0.0/",
        "http://0.1.2.3/",
        "http://[::]/",
        "http://224.0.0.1/",
        "http://239.255.255.250:1900/",
        "http://[ff02::1]/",
        "http://255.255.255.255/",
        "http://100.100.100.200/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.Google.Internal./computeMetadata/v1/",
        "http://metadata/computeMetadata/v1/",
        "http://2852039166/",
        "http://0xA9FEA9FE/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://0251.0376.0251.0376/",
        "http://169.254.43518/",
        "http://169.16689662/",
        "http://0/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://017700000001/"
    })
    void deniesLinkLocalMetadataAndOtherForbiddenAddressesWrittenInAnySpelling(String url) {
        deniedCall(connector, url);
    }

    @Test
    void namesTheHostTheAddressAndTheReasonWhenDenying() {
        StepFailure failure = deniedCall(connector, "http://0xA9FEA9FE/");

        assertThat(failure.getMessage()).isEqualTo("Host '0xa9fea9fe' is the address 169.254.169.254 in another"
                + " spelling, which is denied (link-local / cloud metadata)");
        assertThat(failure.details().get("address").asText()).isEqualTo("169.254.169.254");
        assertThat(failure.details().get("reason").asText()).isEqualTo("link-local / cloud metadata");
        assertThat(deniedCall(connector, "http://169.254.169.254/").getMessage())
                .isEqualTo("Host '169.254.169.254' is denied (link-local / cloud metadata)");
    }

    @Test
    void neverConnectsToTheUnspecifiedAddressEvenThoughTheKernelWouldRouteItToLoopback() throws Exception {
        LocalServers.Raw anyAddress = servers.raw(InetAddress.getByName("0.0.0.0"), socket -> { });

        deniedCall(connector, "http://0.0.0.0:" + anyAddress.port() + "/");
        deniedCall(connector, "http://0:" + anyAddress.port() + "/");
        deniedCall(connector, "http://[::ffff:0.0.0.0]:" + anyAddress.port() + "/");

        assertThat(anyAddress.accepted()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://[::ffff:169.254.169.254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://2852039166/",
        "http://[fd00:ec2::254]/"
    })
    void deniesARedirectToAForbiddenAddressWithoutConnectingToIt(String target) throws Exception {
        LocalServers.Http server = servers.http().on("/jump", ex -> {
            ex.getResponseHeaders().set("Location", target);
            respond(ex, 302, null, "");
        });

        StepFailure failure = deniedCall(connector, server.url("/jump"));

        assertThat(failure.details().get("redirects").get(0).asText()).isEqualTo(TargetUrl.parse(target).toString());
        assertThat(failure.details().get("url").asText()).isEqualTo(TargetUrl.parse(target).toString());
    }

    @Test
    void deniesARedirectToADeniedLocalServerWhichNeverSeesAConnection() throws Exception {
        LocalServers.Raw forbidden = servers.raw(InetAddress.getByName("127.0.0.2"), socket -> { });
        LocalServers.Http server = servers.http().on("/jump", ex -> {
            ex.getResponseHeaders().set("Location", "http://127.0.0.2:" + forbidden.port() + "/");
            respond(ex, 301, null, "");
        });
        try (HttpConnector guarded = new HttpConnector(settings(List.of(), List.of("127.0.0.2"), true))) {
            StepFailure failure = deniedCall(guarded, server.url("/jump"));

            assertThat(failure.getMessage()).contains("127.0.0.2").contains("deny list");
        }
        assertThat(forbidden.accepted()).isZero();
    }

    @Test
    void deniesARedirectToANonHttpScheme() throws Exception {
        LocalServers.Http server = servers.http().on("/jump", ex -> {
            ex.getResponseHeaders().set("Location", "file:///etc/passwd");
            respond(ex, 302, null, "");
        });

        assertThat(deniedCall(connector, server.url("/jump")).getMessage()).contains("only http and https");
    }

    @Test
    void deniesLoopbackAndPrivateNetworksWhenTheyAreNotAllowed() throws Exception {
        LocalServers.Http server = servers.http().on("/", ex -> respond(ex, 200, null, "ok"));
        try (HttpConnector strict = new HttpConnector(settings(List.of(), List.of(), false))) {
            for (String url : List.of(server.url("/"), "http://localhost:" + server.port() + "/",
                    "http://[::1]:" + server.port() + "/", "http://10.1.2.3/", "http://172.16.0.1/",
                    "http://192.168.1.1/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[::ffff:10.0.0.1]/")) {
                assertThat(deniedCall(strict, url).getMessage()).contains("private networks are not allowed");
            }
        }
    }

    @Test
    void allowsAPrivateAddressThatTheAllowListNamesByCidr() throws Exception {
        LocalServers.Http server = servers.http().on("/", ex -> respond(ex, 200, null, "ok"));
        try (HttpConnector strict = new HttpConnector(settings(List.of("127.0.0.0/8"), List.of(), false))) {
            assertThat(strict.send(HttpCall.get(server.url("/")), TIMEOUT).get().status()).isEqualTo(200);
            deniedCall(strict, "http://10.0.0.1/");
        }
    }

    @Test
    void allowsOnlyHostsOnTheAllowListAndLetsTheDenyListWin() throws Exception {
        LocalServers.Http server = servers.http().on("/", ex -> respond(ex, 200, null, "ok"));
        String byName = "http://localhost:" + server.port() + "/";
        try (HttpConnector allowLocalhost = new HttpConnector(settings(List.of("localhost", "*.example.com"),
                List.of(), true))) {
            assertThat(allowLocalhost.send(HttpCall.get(byName), TIMEOUT).get().status()).isEqualTo(200);
            assertThat(deniedCall(allowLocalhost, server.url("/")).getMessage()).contains("not on the allow list");
        }
        try (HttpConnector denyWins = new HttpConnector(settings(List.of("localhost"), List.of("127.0.0.0/8"), true))) {
            assertThat(deniedCall(denyWins, byName).getMessage())
                    .startsWith("Host 'localhost' resolves to 127.0.0.1, which is denied (deny list 127.0.0.0/8)");
        }
        try (HttpConnector denyByName = new HttpConnector(settings(List.of(), List.of("*.internal", "LocalHost"),
                true))) {
            deniedCall(denyByName, byName);
            deniedCall(denyByName, "http://erp.corp.internal/");
        }
    }

    @Test
    void refusesInvalidPatternsInTheSettings() {
        for (String bad : List.of("10.0.0.0/33", "not a host", "1.2.3/8", "*.", "")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(List.of(bad), List.of(), true))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
