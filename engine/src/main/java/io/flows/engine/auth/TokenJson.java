package io.flows.engine.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A token as the API and the command line show it: never its text or its hash. */
public final class TokenJson {

    private TokenJson() {
    }

    public static ObjectNode view(ApiTokenRow t) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", t.id());
        n.put("name", t.name());
        ArrayNode scopes = n.putArray("scopes");
        for (String s : t.scopes().split(" ")) {
            scopes.add(s);
        }
        n.put("environment", t.environment());
        n.put("createdAt", text(t.createdAt()));
        n.put("expiresAt", text(t.expiresAt()));
        n.put("lastUsedAt", text(t.lastUsedAt()));
        n.put("revokedAt", text(t.revokedAt()));
        if (t.replacedBy() != null) {
            n.put("replacedBy", t.replacedBy());
        }
        return n;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
