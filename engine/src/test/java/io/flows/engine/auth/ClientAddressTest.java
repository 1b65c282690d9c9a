package io.flows.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without a configured proxy header, a client cannot escape the slow-down by inventing X-Forwarded-For addresses. */
@Timeout(60)
class ClientAddressTest {

    @Test
    void countsFailuresByTheConnectionsAddressNotByHeadersTheClientSends() throws Exception {
        String admin = TokenFormat.generate();
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> props = TestService.properties(db);
            props.put("flows.auth.admin-token", admin);
            props.put("flows.auth.max-failures", 3);
            EmbeddedServer server = TestService.start(props);
            try {
                Http http = new Http(TestService.baseUrl(server));
                for (int i = 0; i < 3; i++) {
                    String guess = TokenFormat.generate();
                    assertThat(http.get("/api/flows", "Authorization", "Bearer " + guess, "X-Forwarded-For", "203.0.113." + i,
                            "Forwarded", "for=203.0.113." + i).status()).isEqualTo(401);
                }
                Http.Answer slowed = http.get("/api/flows", "Authorization", "Bearer " + admin, "X-Forwarded-For", "203.0.113.99");
                assertThat(slowed.status()).as(slowed.toString()).isEqualTo(429);
                assertThat(slowed.header("Retry-After")).isNotBlank();
            } finally {
                server.getApplicationContext().close();
            }
        }
    }
}
