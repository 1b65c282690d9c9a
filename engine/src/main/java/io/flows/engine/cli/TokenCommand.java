package io.flows.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.auth.TokenFormat;
import io.flows.engine.auth.TokenJson;
import io.flows.engine.auth.TokenService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flows token ...}: API tokens, through the API of a running service or on the database of
 * a stopped one (the way to make the first admin token without FLOWS_ADMIN_TOKEN).
 */
@Command(name = "token", description = "Create, list and revoke API tokens (docs/security.md).",
        subcommands = {TokenCommand.Generate.class, TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: a usage error (exit 2, the usage on stderr), like any other missing argument. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing required subcommand: generate, create, list or revoke");
    }

    @Command(name = "generate", description = "Print a new token in the Flows format without storing it anywhere "
            + "(a value for FLOWS_ADMIN_TOKEN, which the service registers when it starts).")
    static final class Generate implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.println(TokenFormat.generate());
            return Main.OK;
        }
    }

    @Command(name = "create", description = "Create a token and print it on stdout (it is shown only this once).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "What the token is for, e.g. ci-deploy.")
        String name;

        @Option(names = "--scopes", required = true, split = ",", description = "flows:read, flows:write, executions:run, metrics:read, admin (comma-separated).")
        List<String> scopes;

        @Option(names = "--environment", description = "The environment the token is valid in; default: the service's (FLOWS_ENVIRONMENT).")
        String environment;

        @Option(names = "--expires", paramLabel = "TIME|DAYSd|HOURSh", description = "When it stops working: an ISO-8601 time, or a period such as 90d or 12h; default never.")
        String expires;

        @Mixin
        Access access;

        @Override
        public Integer call() {
            Instant expiresAt;
            try {
                expiresAt = expiry(expires);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return Main.USAGE;
            }
            return run(access, "create", tokens -> {
                JsonNode t = tokens.create(name, scopes, environment, expiresAt);
                System.out.println(t.get("token").asText());
                System.err.println("created API token " + t.get("id").asText() + " '" + name + "' with scopes " + t.get("scopes")
                        + " for environment " + t.get("environment").asText() + " on " + tokens.where()
                        + ". Keep it now: it is not shown again.");
            });
        }
    }

    @Command(name = "list", description = "List tokens (never their text): id, name, scopes, environment, created, expires, last used, state.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        Access access;

        @Override
        public Integer call() {
            return run(access, "list", tokens -> {
                for (JsonNode t : tokens.list()) {
                    List<String> scopes = new java.util.ArrayList<>();
                    t.get("scopes").forEach(s -> scopes.add(s.asText()));
                    String state = state(t, Instant.now());
                    System.out.println(String.join("\t", t.get("id").asText(), t.get("name").asText(), String.join(",", scopes),
                            t.get("environment").asText(), t.get("createdAt").asText(), t.path("expiresAt").asText("never"),
                            t.path("lastUsedAt").asText("never used"), state));
                }
            });
        }
    }

    /** What a listed token can do now: an expired one is no longer active, whatever it was. */
    static String state(JsonNode t, Instant now) {
        if (!t.path("revokedAt").isNull() && !t.path("revokedAt").isMissingNode()) {
            return "revoked " + t.get("revokedAt").asText();
        }
        boolean rotated = t.hasNonNull("replacedBy");
        if (t.hasNonNull("expiresAt") && !Instant.parse(t.get("expiresAt").asText()).isAfter(now)) {
            return (rotated ? "rotated, expired " : "expired ") + t.get("expiresAt").asText();
        }
        return rotated ? "rotated, valid until " + t.get("expiresAt").asText() : "active";
    }

    @Command(name = "revoke", description = "Revoke a token: it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The token's id (from `flows token list`).")
        String id;

        @Mixin
        Access access;

        @Override
        public Integer call() {
            return run(access, "revoke", tokens -> {
                tokens.revoke(id);
                System.out.println("revoked API token " + id + " on " + tokens.where());
            });
        }
    }

    /** Where the tokens are: the API of a running service, or the token service on the database. */
    private interface Tokens {
        JsonNode create(String name, List<String> scopes, String environment, Instant expiresAt) throws IOException;

        ArrayNode list() throws IOException;

        void revoke(String id) throws IOException;

        String where();
    }

    private interface Work {
        void run(Tokens tokens) throws IOException;
    }

    private static int run(Access access, String what, Work work) {
        try (FlowsAccess opened = access.open()) {
            work.run(opened instanceof ApiAccess api ? overApi(api) : onDatabase((DatabaseAccess) opened));
            return Main.OK;
        } catch (IOException | RuntimeException e) {
            System.err.println("token " + what + " failed: " + e.getMessage());
            return Main.RUN_FAILED;
        }
    }

    private static Tokens overApi(ApiAccess api) {
        return new Tokens() {
            @Override
            public JsonNode create(String name, List<String> scopes, String environment, Instant expiresAt) throws IOException {
                ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name);
                scopes.forEach(body.putArray("scopes")::add);
                if (environment != null) {
                    body.put("environment", environment);
                }
                if (expiresAt != null) {
                    body.put("expiresAt", expiresAt.toString());
                }
                return api.json("POST", "/api/tokens", body.toString());
            }

            @Override
            public ArrayNode list() throws IOException {
                return (ArrayNode) api.json("GET", "/api/tokens", null);
            }

            @Override
            public void revoke(String id) throws IOException {
                api.json("DELETE", "/api/tokens/" + id, null);
            }

            @Override
            public String where() {
                return api.where();
            }
        };
    }

    private static Tokens onDatabase(DatabaseAccess db) {
        TokenService service = db.bean(TokenService.class);
        return new Tokens() {
            @Override
            public JsonNode create(String name, List<String> scopes, String environment, Instant expiresAt) throws IOException {
                try {
                    TokenService.Created c = service.create(name, scopes, environment, expiresAt);
                    return TokenJson.view(c.row()).put("token", c.token());
                } catch (ApiProblem p) {
                    throw new IOException(p.getMessage(), p);
                }
            }

            @Override
            public ArrayNode list() {
                ArrayNode all = JsonNodeFactory.instance.arrayNode();
                service.list().forEach(t -> all.add(TokenJson.view(t)));
                return all;
            }

            @Override
            public void revoke(String id) throws IOException {
                try {
                    service.revoke(id);
                } catch (ApiProblem p) {
                    throw new IOException(p.getMessage(), p);
                }
            }

            @Override
            public String where() {
                return db.where();
            }
        };
    }

    static Instant expiry(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            // in whole milliseconds, like every time the service writes (Instant.now() has microseconds)
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (t.matches("[0-9]{1,5}d")) {
                return now.plus(Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1))));
            }
            if (t.matches("[0-9]{1,6}h")) {
                return now.plus(Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1))));
            }
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--expires must be an ISO-8601 time such as 2027-01-31T00:00:00Z, or a period such as 90d or 12h, not '"
                    + text + "'", e);
        }
    }
}
