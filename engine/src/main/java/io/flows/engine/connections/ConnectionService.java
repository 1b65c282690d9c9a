package io.flows.engine.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.validate.Problem;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.secrets.Redactor;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Named connections as the API manages them: one validated profile per (name, environment). */
@Singleton
public class ConnectionService {

    private final ConnectionRepository repository;
    private final ConnectionCache cache;
    private final Clock clock;
    private final Redactor redactor;

    public ConnectionService(ConnectionRepository repository, ConnectionCache cache, Clock clock, Redactor redactor) {
        this.repository = repository;
        this.cache = cache;
        this.clock = clock;
        this.redactor = redactor;
    }

    /** {@code {environment, connections: [{name, environments, active}]}}, by name. */
    public ObjectNode list() {
        Map<String, TreeSet<String>> byName = new TreeMap<>();
        for (ConnectionRow row : repository.findAll()) {
            byName.computeIfAbsent(row.name(), n -> new TreeSet<>()).add(row.environment());
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("environment", cache.environment());
        ArrayNode list = answer.putArray("connections");
        byName.forEach((name, environments) -> {
            ObjectNode c = list.addObject().put("name", name);
            environments.forEach(c.putArray("environments")::add);
            c.put("active", environments.contains(cache.environment()));
        });
        return answer;
    }

    /** {@code {name, active, variants: {environment: profile}}}; 404 when it has none. */
    public ObjectNode get(String name) {
        List<ConnectionRow> rows = repository.findByNameOrderByEnvironment(name);
        if (rows.isEmpty()) {
            throw ApiProblem.notFound("connection '" + name + "' does not exist");
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("name", name)
                .put("active", rows.stream().anyMatch(r -> r.environment().equals(cache.environment())));
        ObjectNode variants = answer.putObject("variants");
        rows.stream().sorted(Comparator.comparing(ConnectionRow::environment))
                .forEach(r -> variants.set(r.environment(), view(r)));
        return answer;
    }

    public ObjectNode get(String name, String environment) {
        return view(repository.findById(ConnectionRow.id(name, environment)).orElseThrow(() -> ApiProblem.notFound(
                "connection '" + name + "' has no profile for environment '" + environment + "'")));
    }

    /** Creates or replaces one variant; {@code created} tells which. */
    public record Saved(ObjectNode profile, boolean created) {
    }

    public Saved put(String name, String environment, JsonNode body) {
        checkName(name, "connection name");
        checkName(environment, "environment");
        List<Problem> problems = ProfileJson.check(body, redactor);
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST,
                    problems.size() == 1 ? "The profile has a problem: " + problems.get(0)
                            : "The profile has " + problems.size() + " problems: " + problems.get(0) + "; ...",
                    problems, Map.of());
        }
        String json = Jsons.write(ProfileJson.normalise(body));
        Instant now = clock.instant();
        String id = ConnectionRow.id(name, environment);
        Optional<ConnectionRow> existing = repository.findById(id);
        ConnectionRow row;
        if (existing.isPresent()) {
            row = repository.update(new ConnectionRow(id, name, environment, json, existing.get().createdAt(), now));
        } else {
            row = repository.save(new ConnectionRow(id, name, environment, json, now, now));
        }
        cache.reload();
        return new Saved(view(row), existing.isEmpty());
    }

    public void delete(String name, String environment) {
        String id = ConnectionRow.id(name, environment);
        if (!repository.existsById(id)) {
            throw ApiProblem.notFound("connection '" + name + "' has no profile for environment '" + environment + "'");
        }
        repository.deleteById(id);
        cache.reload();
    }

    public void delete(String name) {
        if (repository.findByNameOrderByEnvironment(name).isEmpty()) {
            throw ApiProblem.notFound("connection '" + name + "' does not exist");
        }
        repository.deleteByName(name);
        cache.reload();
    }

    /**
     * A stored profile as answered. Masked like every answer: new profiles cannot hold a secret's value, but one
     * saved before that was refused, or holding a value that became a secret later, would show it.
     */
    private ObjectNode view(ConnectionRow row) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("name", row.name()).put("environment", row.environment());
        out.setAll((ObjectNode) Jsons.read(row.profileJson()));
        out.put("createdAt", row.createdAt().toString()).put("updatedAt", row.updatedAt().toString());
        return redactor.redact(out);
    }

    private static void checkName(String value, String what) {
        if (value == null || !ProfileJson.NAME.matcher(value).matches()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "the " + what + " '" + value
                    + "' must be 1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit",
                    List.of(Problem.at("INVALID_NAME", what.equals("environment") ? "environment" : "name",
                            "must match " + ProfileJson.NAME.pattern())), Map.of());
        }
    }
}
