package io.flows.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.flows.engine.support.Cli;
import io.flows.engine.support.Cli.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code flows token ...} on a running service (through its API) and on the database of a stopped one. */
@Timeout(120)
class TokenCommandTest {

    /** The command's outcome, its output without the trailing line break. */
    private static Outcome flows(String... args) {
        Outcome o = Cli.run(args);
        return new Outcome(o.exit(), o.out().strip(), o.err());
    }

    @Test
    void createsTheFirstTokenThroughTheApiWhileAuthenticationIsOffThenNeedsOne() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            EmbeddedServer server = TestService.start(TestService.properties(db));
            try {
                String url = TestService.baseUrl(server);
                Outcome created = flows("token", "create", "--url", url, "--name", "admin", "--scopes", "admin");
                assertThat(created.exit()).as(created.toString()).isZero();
                String admin = created.out();
                assertThat(TokenFormat.isWellFormed(admin)).as(created.out()).isTrue();
                assertThat(created.err()).contains("not shown again");

                Outcome refused = flows("token", "create", "--url", url, "--name", "ci", "--scopes", "flows:read");
                assertThat(refused.exit()).isEqualTo(1);
                assertThat(refused.err()).contains("401").contains("--token");

                Outcome ci = flows("token", "create", "--url", url, "--token", admin, "--name", "ci", "--scopes", "flows:read,flows:write",
                        "--expires", "30d");
                assertThat(ci.exit()).as(ci.toString()).isZero();
                Outcome list = flows("token", "list", "--url", url, "--token", admin);
                assertThat(list.exit()).as(list.toString()).isZero();
                assertThat(list.out()).contains("admin\tadmin\tsandbox").contains("ci\tflows:read,flows:write\tsandbox")
                        .doesNotContain(admin).doesNotContain(ci.out());
                String ciId = list.out().lines().filter(l -> l.contains("\tci\t")).findFirst().orElseThrow().split("\t")[0];

                Http http = new Http(url);
                assertThat(http.get("/api/flows", "Authorization", "Bearer " + ci.out()).status()).isEqualTo(200);
                assertThat(flows("token", "revoke", ciId, "--url", url, "--token", admin).exit()).isZero();
                assertThat(http.get("/api/flows", "Authorization", "Bearer " + ci.out()).status()).isEqualTo(401);

                Path dir = Files.createTempDirectory("flows-export-");
                assertThat(flows("export", dir.toString(), "--url", url).exit()).as("export without a token").isEqualTo(1);
                Outcome export = flows("export", dir.toString(), "--url", url, "--token", admin);
                assertThat(export.exit()).as(export.toString()).isZero();
                assertThat(flows("import", dir.toString(), "--url", url, "--token", admin).exit()).isZero();
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void createsATokenOnTheDatabaseOfAStoppedServiceWhichThenNeedsIt() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            String dataDir = db.properties().get("flows.data-dir").toString();
            String previous = System.getProperty("flows.data-dir");
            System.setProperty("flows.data-dir", dataDir);
            Outcome created;
            Outcome list;
            try {
                created = flows("token", "create", "--database", "--name", "admin", "--scopes", "admin", "--environment", "sandbox");
                list = flows("token", "list", "--database");
            } finally {
                if (previous == null) {
                    System.clearProperty("flows.data-dir");
                } else {
                    System.setProperty("flows.data-dir", previous);
                }
            }
            assertThat(created.exit()).as(created.toString()).isZero();
            assertThat(list.out()).contains("\tadmin\tadmin\tsandbox\t").doesNotContain(created.out());

            Map<String, Object> props = TestService.properties(db);
            EmbeddedServer server = TestService.start(props);
            try {
                Http http = new Http(TestService.baseUrl(server));
                assertThat(http.get("/api/flows").status()).isEqualTo(401);
                assertThat(http.get("/api/flows", "Authorization", "Bearer " + created.out()).status()).isEqualTo(200);
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void exportWhereThereIsNoDatabaseSaysSoInsteadOfCreatingAnEmptyOne() throws Exception {
        Path empty = Files.createTempDirectory("flows-no-db-");
        Path dir = Files.createTempDirectory("flows-export-");
        String previous = System.getProperty("flows.data-dir");
        System.setProperty("flows.data-dir", empty.toString());
        Outcome export;
        try {
            export = flows("export", dir.toString(), "--database");
        } finally {
            if (previous == null) {
                System.clearProperty("flows.data-dir");
            } else {
                System.setProperty("flows.data-dir", previous);
            }
        }
        assertThat(export.exit()).as(export.toString()).isEqualTo(1);
        assertThat(export.err()).contains("there is no Flows database at " + empty.toAbsolutePath().normalize());
        try (var files = Files.list(empty)) {
            assertThat(files).as("nothing created").isEmpty();
        }
    }

    @Test
    void generatePrintsAWellFormedTokenAndStoresNothing() {
        Outcome o = flows("token", "generate");
        assertThat(o.exit()).isZero();
        assertThat(TokenFormat.isWellFormed(o.out())).isTrue();
        assertThat(flows("token", "create", "--name", "x", "--scopes", "admin", "--expires", "soon").exit()).isEqualTo(2);
    }
}
