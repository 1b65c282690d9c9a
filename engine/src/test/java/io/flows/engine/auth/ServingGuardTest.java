package io.flows.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What happens before the server binds: FLOWS_ADMIN_TOKEN, and the rule that an open service stays on 127.0.0.1. */
@Timeout(60)
class ServingGuardTest {

    @Test
    void refusesToListenBeyondLoopbackWhileAuthenticationIsOff() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> props = TestService.properties(db);
            props.put("micronaut.server.host", "0.0.0.0");
            assertThatThrownBy(() -> TestService.start(props).getApplicationContext().close())
                    .hasStackTraceContaining("refusing to listen on 0.0.0.0 with authentication off")
                    .hasStackTraceContaining("FLOWS_ADMIN_TOKEN");
        }
    }

    /**
     * As an operator sees it: {@code java -jar flows.jar} with {@code MICRONAUT_SERVER_HOST=0.0.0.0} and no token exits
     * non-zero with the one message (Micronaut logged it again, with its stack trace), having run nothing.
     */
    @Test
    void aRefusedStartExitsWithItsMessageAloneBeforeRunningAnything(@TempDir Path data) throws Exception {
        TestService.Exited exited = TestService.runUntilItExits(data, Map.of("MICRONAUT_SERVER_HOST", "0.0.0.0"));
        List<String> lines = exited.lines();
        assertThat(exited.code()).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).as("one line says it, at ERROR")
                .filteredOn(l -> l.contains("refusing to listen on 0.0.0.0 with authentication off")).hasSize(1)
                .allMatch(l -> l.contains(" ERROR ") && l.contains("FLOWS_ADMIN_TOKEN"));
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        assertThat(lines).as("nothing recovered or run first").noneMatch(l -> l.contains("recovering the work"));
    }

    @Test
    void listensBeyondLoopbackOnceAuthenticationIsOnOrWithTheExplicitOverride() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> props = TestService.properties(db);
            props.put("micronaut.server.host", "0.0.0.0");
            props.put("flows.auth.allow-open", true);
            EmbeddedServer open = TestService.start(props);
            try {
                assertThat(new Http(TestService.baseUrl(open)).get("/api/flows").status()).isEqualTo(200);
            } finally {
                open.getApplicationContext().close();
            }
            props.remove("flows.auth.allow-open");
            props.put("flows.auth.mode", "required");
            EmbeddedServer required = TestService.start(props);
            try {
                Http http = new Http(TestService.baseUrl(required));
                assertThat(http.get("/api/flows").status()).as("required: closed before any token exists").isEqualTo(401);
                assertThat(http.get("/health").status()).isEqualTo(200);
            } finally {
                required.getApplicationContext().close();
            }
        }
    }

    @Test
    void registersTheAdminTokenFromTheEnvironmentOnce() throws Exception {
        String admin = TokenFormat.generate();
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> props = TestService.properties(db);
            props.put("flows.auth.admin-token", admin);
            props.put("micronaut.server.host", "0.0.0.0");
            for (int start = 0; start < 2; start++) {
                EmbeddedServer server = TestService.start(props);
                try {
                    Http http = new Http(TestService.baseUrl(server));
                    assertThat(http.get("/api/flows").status()).isEqualTo(401);
                    assertThat(http.get("/api/flows", "Authorization", "Bearer " + admin).status()).isEqualTo(200);
                    var list = http.get("/api/tokens", "Authorization", "Bearer " + admin);
                    assertThat(list.json().size()).as("registered once, not at every start").isEqualTo(1);
                    assertThat(list.json().get(0).get("scopes").toString()).isEqualTo("[\"admin\"]");
                    assertThat(list.json().get(0).get("name").asText()).contains("FLOWS_ADMIN_TOKEN");
                } finally {
                    server.getApplicationContext().close();
                }
            }
        }
    }

    @Test
    void refusesAMalformedAdminTokenLoudly() throws Exception {
        String admin = TokenFormat.generate();
        String typo = admin.substring(0, admin.length() - 1) + (admin.endsWith("x") ? "y" : "x");
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> props = TestService.properties(db);
            props.put("flows.auth.admin-token", typo);
            assertThatThrownBy(() -> TestService.start(props).getApplicationContext().close())
                    .hasStackTraceContaining("FLOWS_ADMIN_TOKEN (flows.auth.admin-token) is not a Flows API token")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(typo));
        }
    }

    @Test
    void knowsLoopbackAddresses() {
        assertThat(ServingGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(ServingGuard.isLoopback("localhost")).isTrue();
        assertThat(ServingGuard.isLoopback("::1")).isTrue();
        assertThat(ServingGuard.isLoopback("[::1]")).isTrue();
        assertThat(ServingGuard.isLoopback("0.0.0.0")).isFalse();
        assertThat(ServingGuard.isLoopback("")).isFalse();
        assertThat(ServingGuard.isLoopback("192.0.2.10")).isFalse();
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
