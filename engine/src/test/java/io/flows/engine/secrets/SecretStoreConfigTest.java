package io.flows.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the service starts with no master key, or with one that is not a key. */
@Timeout(180)
class SecretStoreConfigTest {

    @Test
    void withoutAMasterKeyTheStoreExplainsHowToSetOneAndEnvironmentSecretsStillWork() throws Exception {
        TestProcessEnvironment.VARIABLES.put("FLOWS_SECRET_CONFIG_ENV", "config-env-value-1");
        try (TestDatabase db = TestDatabase.h2(); EchoPartner partner = new EchoPartner()) {
            Map<String, Object> p = TestService.properties(db);
            p.put("flows.test.process-environment", "true");
            EmbeddedServer server = TestService.start(p);
            try {
                Http http = new Http(TestService.baseUrl(server));
                Answer put = http.put("/api/secrets/NEEDS_KEY", "application/json", "{\"value\": \"some-value-123\"}");
                assertThat(put.status()).isEqualTo(503);
                assertThat(put.contentType()).startsWith("application/problem+json");
                assertThat(put.json().get("detail").asText()).contains("FLOWS_MASTER_KEY").contains("openssl rand -base64 32")
                        .contains("FLOWS_SECRET_");
                assertThat(put.body()).doesNotContain("some-value-123");

                Answer list = http.get("/api/secrets");
                assertThat(list.status()).isEqualTo(200);
                assertThat(list.body()).contains("CONFIG_ENV").doesNotContain("config-env-value-1");

                http.post("/api/flows", "application/yaml", """
                        id: env-only
                        steps:
                          - id: call
                            type: connector-call
                            with: { url: "%s", headers: { X-Api-Key: "${secrets.CONFIG_ENV}" } }
                        """.formatted(partner.url("/echo")));
                JsonNode e = http.postJson("/api/flows/env-only/executions?wait=true", "{}").json();
                assertThat(e.get("status").asText()).as(e.toString()).isEqualTo("SUCCEEDED");
                assertThat(e.get("steps").get(0).get("output").get("body").get("headers").get("x-api-key").asText())
                        .isEqualTo("***");
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void aMalformedMasterKeyStopsTheStartWithoutQuotingIt() throws Exception {
        String notAKey = Base64.getEncoder().encodeToString("only-twenty-bytes!!!".getBytes());
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> p = TestService.properties(db);
            p.put("flows.secrets.master-key", notAKey);
            assertThatThrownBy(() -> TestService.start(p).getApplicationContext().close())
                    .satisfies(t -> {
                        Throwable root = t;
                        StringBuilder all = new StringBuilder();
                        while (root != null) {
                            all.append(root.getMessage()).append('\n');
                            root = root.getCause();
                        }
                        assertThat(all.toString()).contains("FLOWS_MASTER_KEY").contains("decodes to 20 bytes, not 32")
                                .doesNotContain(notAKey);
                    });
        }
    }
}
