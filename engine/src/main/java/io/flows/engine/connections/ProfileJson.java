package io.flows.engine.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.ConnectorCall;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.validate.Problem;
import io.flows.engine.secrets.Redactor;
import io.flows.steps.http.AddressPolicy;
import io.flows.steps.runtime.ConnectionProfile;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A connection profile as the API takes it: checked field by field (each problem with its path), kept
 * as the normalised JSON that is stored and answered, and turned into the run-time
 * {@link ConnectionProfile}. Credentials must be {@code ${secrets.NAME}} references: a profile is
 * stored and shown as written, so a plaintext credential would end up in the database and in answers.
 */
final class ProfileJson {

    /** Connection names and environments; the flow language warns of a connection: no profile can have. */
    static final Pattern NAME = ConnectorCall.CONNECTION_NAME;
    private static final Pattern SECRET_REF = Pattern.compile("^\\$\\{\\s*secrets\\.([A-Za-z0-9_-]+)\\s*}$");
    private static final Pattern ANY_SECRET_REF = Pattern.compile("\\$\\{\\s*secrets\\.[A-Za-z0-9_-]+\\s*}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*|[0-9.]+|\\[?[0-9a-f:.]+]?");
    /** Header names whose values are credentials: they, too, must come from secrets. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "x-api-key", "api-key", "apikey", "x-auth-token", "x-access-token");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "expect");
    /** Added by the server to what it answers; accepted and ignored so a fetched profile can be put back. */
    private static final Set<String> SERVER_FIELDS = Set.of("name", "environment", "createdAt", "updatedAt");
    private static final List<String> FIELDS = List.of("baseUrl", "auth", "headers", "timeout", "allowedHosts");
    /** A step's {@code timeout} range (docs/dsl.md): the profile's timeout is used in its place. */
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    static final List<String> AUTH_TYPES = List.of("bearer", "basic", "api-key", "oauth2-client-credentials");

    private final List<Problem> problems = new ArrayList<>();

    private ProfileJson() {
    }

    /**
     * The problems of a profile sent to the API; none means {@link #normalise} may be stored. {@code secrets} knows the
     * node's secret values: a profile that holds one, in any field, is refused as a plaintext credential.
     */
    static List<Problem> check(JsonNode body, Redactor secrets) {
        ProfileJson p = new ProfileJson();
        p.checkProfile(body);
        if (body != null && body.isObject()) {
            for (String field : FIELDS) {
                p.knownSecrets(body.get(field), field, secrets);
            }
        }
        return p.problems;
    }

    /** The stored form: the known fields only, in a fixed order. */
    static ObjectNode normalise(JsonNode body) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String field : FIELDS) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull()) {
                out.set(field, v.deepCopy());
            }
        }
        return out;
    }

    /** The run-time profile of a stored one. */
    static ConnectionProfile toRuntime(String name, String environment, JsonNode p) {
        Map<String, String> headers = new LinkedHashMap<>();
        p.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        List<String> hosts = new ArrayList<>();
        p.path("allowedHosts").forEach(h -> hosts.add(h.asText()));
        return new ConnectionProfile(name, environment, p.path("baseUrl").asText(), auth(p.get("auth")), headers,
                // stripped: a profile stored before saves refused spaces around the duration (" 10s ") must still load
                p.hasNonNull("timeout") ? DurationText.parse(p.get("timeout").asText().strip()).value() : null, hosts);
    }

    private static ConnectionProfile.Auth auth(JsonNode a) {
        if (a == null || a.isNull()) {
            return null;
        }
        return switch (a.path("type").asText()) {
            case "bearer" -> new ConnectionProfile.Bearer(text(a, "token"));
            case "basic" -> new ConnectionProfile.Basic(text(a, "username"), text(a, "password"));
            case "api-key" -> new ConnectionProfile.ApiKey(text(a, "header"), text(a, "value"));
            case "oauth2-client-credentials" -> new ConnectionProfile.OAuth2ClientCredentials(text(a, "tokenUrl"),
                    text(a, "clientId"), text(a, "clientSecret"), text(a, "scope"), text(a, "audience"),
                    a.hasNonNull("clientAuthentication") ? a.get("clientAuthentication").asText() : "basic");
            default -> throw new IllegalStateException("stored connection has unknown auth type " + a.path("type"));
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void checkProfile(JsonNode body) {
        if (body == null || !body.isObject()) {
            problem("INVALID_PROFILE", "", "a connection profile is a JSON object {baseUrl, auth, headers, timeout, allowedHosts}");
            return;
        }
        unknownFields(body, "", FIELDS, SERVER_FIELDS);
        checkUrl(body.get("baseUrl"), "baseUrl", true);
        checkAuth(body.get("auth"));
        checkHeaders(body.get("headers"));
        checkTimeout(body.get("timeout"));
        JsonNode hosts = body.get("allowedHosts");
        if (hosts != null && !hosts.isNull()) {
            if (!hosts.isArray()) {
                problem("INVALID_TYPE", "allowedHosts", "must be a list of host names, e.g. [\"files.example.com\", \"*.example.com\"]");
            } else {
                for (int i = 0; i < hosts.size(); i++) {
                    JsonNode h = hosts.get(i);
                    if (!h.isTextual() || !HOST.matcher(h.asText().toLowerCase(Locale.ROOT)).matches()) {
                        problem("INVALID_HOST", "allowedHosts[" + i + "]",
                                "must be a host name, '*.domain' or an address (no scheme, port or path), was " + h);
                    }
                }
            }
        }
    }

    private void checkTimeout(JsonNode timeout) {
        if (timeout == null || timeout.isNull()) {
            return;
        }
        if (!timeout.isTextual() || !DurationText.isValid(timeout.asText())) {
            problem("INVALID_DURATION", "timeout", "must be a duration such as 500ms, 10s or 2m, was " + timeout);
            return;
        }
        Duration d = DurationText.parse(timeout.asText()).value();
        if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            // the same range and words as a step's timeout, which the profile's stands in for
            problem("OUT_OF_RANGE", "timeout", "must be between " + DurationText.format(MIN_TIMEOUT) + " and "
                    + DurationText.format(MAX_TIMEOUT) + ", not " + timeout.asText());
        }
    }

    private void checkUrl(JsonNode v, String path, boolean base) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            problem("REQUIRED", path, "is required: an absolute http(s) URL such as https://erp.example.com/api");
            return;
        }
        String text = v.asText();
        String why = null;
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!v.isTextual() || !(scheme.equals("http") || scheme.equals("https"))) {
                why = "must be an absolute URL starting with http:// or https://";
            } else if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
                why = "has no host";
            } else if (uri.getRawAuthority().contains("@")) {
                why = "must not contain user info; put credentials in auth, as secret references";
            } else if (text.contains("${")) {
                why = "must be a fixed URL (no ${...}): the environment's profile is what varies";
            } else if (AddressPolicy.alwaysDeniedLiteral(uri.getHost()) != null) {
                why = "names a " + AddressPolicy.alwaysDeniedLiteral(uri.getHost()) + " address, which calls may never reach";
            } else if (base && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
                why = "must not have a query or fragment: step URLs are appended to it";
            }
        } catch (URISyntaxException e) {
            why = "is not a valid URL: " + e.getReason();
        }
        if (why != null) {
            problem("INVALID_URL", path, why + ", was '" + text + "'");
        }
    }

    private void checkAuth(JsonNode auth) {
        if (auth == null || auth.isNull()) {
            return;
        }
        if (!auth.isObject()) {
            problem("INVALID_TYPE", "auth", "must be an object with a type: one of " + AUTH_TYPES);
            return;
        }
        String type = auth.path("type").asText("");
        switch (type) {
            case "bearer" -> {
                unknownFields(auth, "auth.", List.of("type", "token"), Set.of());
                secret(auth, "token");
            }
            case "basic" -> {
                unknownFields(auth, "auth.", List.of("type", "username", "password"), Set.of());
                plainOrSecret(auth, "username");
                secret(auth, "password");
            }
            case "api-key" -> {
                unknownFields(auth, "auth.", List.of("type", "header", "value"), Set.of());
                JsonNode header = auth.get("header");
                if (header == null || !header.isTextual() || header.asText().isBlank()) {
                    problem("REQUIRED", "auth.header", "is required: the header that carries the key, e.g. X-API-Key");
                } else {
                    checkHeaderName(header.asText(), "auth.header");
                }
                secret(auth, "value");
            }
            case "oauth2-client-credentials" -> {
                unknownFields(auth, "auth.", List.of("type", "tokenUrl", "clientId", "clientSecret", "scope",
                        "audience", "clientAuthentication"), Set.of());
                checkUrl(auth.get("tokenUrl"), "auth.tokenUrl", false);
                plainOrSecret(auth, "clientId");
                secret(auth, "clientSecret");
                for (String optional : List.of("scope", "audience")) {
                    JsonNode v = auth.get(optional);
                    if (v != null && !v.isNull() && !v.isTextual()) {
                        problem("INVALID_TYPE", "auth." + optional, "must be text");
                    }
                }
                JsonNode clientAuth = auth.get("clientAuthentication");
                if (clientAuth != null && !clientAuth.isNull()
                        && !List.of("basic", "body").contains(clientAuth.asText())) {
                    problem("INVALID_VALUE", "auth.clientAuthentication",
                            "must be basic (client id and secret in an Authorization header, the default) or body (in the form), was " + clientAuth);
                }
            }
            case "" -> problem("REQUIRED", "auth.type", "is required: one of " + AUTH_TYPES);
            default -> problem("UNKNOWN_AUTH_TYPE", "auth.type",
                    "unknown authentication type '" + type + "'; use one of " + AUTH_TYPES);
        }
    }

    private void checkHeaders(JsonNode headers) {
        if (headers == null || headers.isNull()) {
            return;
        }
        if (!headers.isObject()) {
            problem("INVALID_TYPE", "headers", "must be an object of header names to text values");
            return;
        }
        headers.fields().forEachRemaining(e -> {
            String path = "headers." + e.getKey();
            if (!checkHeaderName(e.getKey(), path)) {
                return;
            }
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                problem("INVALID_TYPE", path, "must be text");
                return;
            }
            String text = v.asText();
            if (text.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                problem("INVALID_HEADER", path, "must not contain line breaks or other control characters");
            } else if (text.chars().anyMatch(c -> c > 0x7e)) {
                // refused by every call that uses the profile (connector-call header rule): say so when it is saved
                problem("INVALID_HEADER", path, "may hold only printable ASCII and tabs; percent-encode other text");
            } else if (text.replaceAll(ANY_SECRET_REF.pattern(), "").contains("${")) {
                problem("INVALID_HEADER", path, "only ${secrets.NAME} references are resolved in a connection profile");
            } else if (CREDENTIAL_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT))
                    && !ANY_SECRET_REF.matcher(text).find()) {
                problem("PLAINTEXT_SECRET", path, plaintext("the " + e.getKey() + " header",
                        "\"Token ${secrets.ERP_TOKEN}\""));
            }
        });
    }

    /**
     * A value of a secret, written out instead of referenced (pasted by mistake, or a token in a URL path): refused
     * wherever it is, as it would be stored and answered as written. The message does not quote it.
     */
    private void knownSecrets(JsonNode node, String path, Redactor secrets) {
        if (node == null) {
            return;
        }
        if (node.isTextual() || node.isNumber()) {
            String text = node.asText();
            boolean reported = problems.stream().anyMatch(p -> p.path().equals(path) && p.code().equals("PLAINTEXT_SECRET"));
            if (!reported && text.contains(Redactor.MASK)) {
                // a profile fetched with GET and sent back as it is: the value it had is not here to keep
                problem("MASKED_VALUE", path, "holds '" + Redactor.MASK + "', which GET answers in place of a secret's"
                        + " value: saved, it would replace that value. Write a reference such as ${secrets.ERP_TOKEN}"
                        + " (or the value's other parts) in its place");
            } else if (!reported && !secrets.redact(text).equals(text)) {
                String instead = path.startsWith("auth.") || path.startsWith("headers.")
                        ? "write a reference such as ${secrets.ERP_TOKEN} in its place"
                        : "only auth and headers may use a secret, as a reference such as ${secrets.ERP_TOKEN}";
                problem("PLAINTEXT_SECRET", path, "holds the value of a secret of this node: " + instead
                        + ". Connection profiles are stored and shown as written, so the value would be readable in"
                        + " the database and in API answers");
            }
        }
        node.fields().forEachRemaining(e -> {
            String child = path + "." + e.getKey();
            if (path.equals("headers") && !secrets.redact(e.getKey()).equals(e.getKey())) {
                problem("PLAINTEXT_SECRET", child, "is named after the value of a secret of this node");
            }
            knownSecrets(e.getValue(), child, secrets);
        });
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                knownSecrets(node.get(i), path + "[" + i + "]", secrets);
            }
        }
    }

    private boolean checkHeaderName(String name, String path) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!HEADER_NAME.matcher(name).matches()) {
            problem("INVALID_HEADER", path, "'" + name + "' is not a valid header name");
        } else if (lower.startsWith("camel")) {
            problem("INVALID_HEADER", path, "Camel* headers are reserved for Camel");
        } else if (RESERVED_HEADERS.contains(lower)) {
            problem("INVALID_HEADER", path, "'" + name + "' is set by the HTTP client");
        } else {
            return true;
        }
        return false;
    }

    private void secret(JsonNode auth, String field) {
        String path = "auth." + field;
        JsonNode v = auth.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            problem("REQUIRED", path, "is required: a secret reference such as ${secrets." + example(field) + "}");
        } else if (!v.isTextual() || !SECRET_REF.matcher(v.asText().strip()).matches()) {
            problem("PLAINTEXT_SECRET", path, plaintext(path, "${secrets." + example(field) + "}"));
        }
    }

    private void plainOrSecret(JsonNode auth, String field) {
        String path = "auth." + field;
        JsonNode v = auth.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            problem("REQUIRED", path, "is required (text, or a secret reference such as ${secrets." + example(field) + "})");
        } else if (v.asText().contains("${") && !SECRET_REF.matcher(v.asText().strip()).matches()) {
            problem("INVALID_VALUE", path, "must be plain text or exactly one ${secrets.NAME} reference");
        }
    }

    private static String plaintext(String what, String example) {
        return "must be a secret reference such as " + example + ", not the credential itself: connection profiles"
                + " are stored and shown as written, so " + what + " would be readable in the database and in API"
                + " answers. Set the value as a secret (environment variable FLOWS_SECRET_<NAME> or the secret store)"
                + " and reference it by name";
    }

    private static String example(String field) {
        return switch (field) {
            case "password" -> "ERP_PASSWORD";
            case "value" -> "ERP_API_KEY";
            case "clientSecret" -> "ERP_CLIENT_SECRET";
            case "clientId" -> "ERP_CLIENT_ID";
            case "username" -> "ERP_USER";
            default -> "ERP_TOKEN";
        };
    }

    private void unknownFields(JsonNode node, String prefix, List<String> known, Set<String> ignored) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f) && !ignored.contains(f)) {
                problem("UNKNOWN_FIELD", prefix + f, "is not a field here; known: " + known);
            }
        });
    }

    private void problem(String code, String path, String message) {
        problems.add(Problem.at(code, path, message));
    }
}
