package io.flows.dsl.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How an execution starts. Fields apply to the trigger type named in their description. */
public record Trigger(
        @Field(title = "Type", description = "manual (REST, CLI, editor), webhook (POST /hooks/{path}) or schedule (cron).", required = true)
        Type type,
        @Field(title = "Path", description = "webhook: the path under /hooks/.")
        String path,
        @Field(title = "Signature", description = "webhook: how deliveries are signed; without it the hook is open.")
        Signature signature,
        @Field(title = "Idempotency key", description = "webhook: expression over body, headers, query naming a delivery.", widget = "expression", evaluated = true)
        String idempotencyKey,
        @Field(title = "Ordering key", description = "webhook: deliveries with the same key run in sequence order.", widget = "expression", evaluated = true)
        String orderingKey,
        @Field(title = "Sequence", description = "webhook: expression giving the delivery's position for its ordering key.", widget = "expression", evaluated = true)
        String sequence,
        @Field(title = "Cron", description = "schedule: six-field cron (seconds first), e.g. 0 */5 * * * *.")
        String cron,
        @Field(title = "Time zone", description = "schedule: IANA zone for the cron, default UTC.")
        String timezone,
        @Field(title = "Input", description = "schedule: the trigger body of each run.", widget = "json")
        JsonNode input,
        @Field(title = "Missed ticks", description = "schedule: what happens to ticks missed while no node was serving the schedule: run-once (the latest of them runs once) or skip.", defaultValue = "\"run-once\"")
        Misfire misfire) {

    /** Trigger types. */
    public enum Type {
        MANUAL, WEBHOOK, SCHEDULE;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }

    /** What a schedule does with ticks missed while no node served it (every one is recorded as MISSED). */
    public enum Misfire {
        RUN_ONCE, SKIP;

        @JsonValue
        public String json() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public static Trigger manual() {
        return new Trigger(Type.MANUAL, null, null, null, null, null, null, null, null, null);
    }

    /** The misfire policy in force: run-once unless the flow says skip. */
    public Misfire misfireOrDefault() {
        return misfire == null ? Misfire.RUN_ONCE : misfire;
    }

    /**
     * How webhook deliveries prove where they come from. Several secrets may be active at once
     * ({@code secrets}), so a sender's secret can be rotated without refusing deliveries.
     */
    public record Signature(
            @Field(title = "Scheme", description = "standard-webhooks, github or hmac.", required = true)
            Scheme scheme,
            @Field(title = "Secret", description = "Usually ${secrets.NAME}.", widget = "expression", evaluated = true)
            String secret,
            @Field(title = "Secrets", description = "Instead of secret: several secrets, any of which may sign (for rotation).", evaluated = true)
            List<String> secrets,
            @Field(title = "Header", description = "hmac: the header carrying the signature, default x-signature.")
            String header,
            @Field(title = "Algorithm", description = "hmac: sha256 (default), sha1 or sha512.")
            Algorithm algorithm,
            @Field(title = "Encoding", description = "hmac: hex (default) or base64.")
            Encoding encoding,
            @Field(title = "Prefix", description = "hmac: text before the digest in the header, e.g. sha256=.")
            String prefix) {

        /** The secret references in force: {@code secrets}, else {@code secret}. */
        public List<String> activeSecrets() {
            if (secrets != null && !secrets.isEmpty()) {
                return secrets;
            }
            return secret == null ? List.of() : List.of(secret);
        }
    }

    /** Signature schemes. */
    public enum Scheme {
        STANDARD_WEBHOOKS, GITHUB, HMAC;

        @JsonValue
        public String json() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** HMAC digest algorithms of the hmac scheme. */
    public enum Algorithm {
        SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

        private final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }

        /** The JCA name of the MAC. */
        public String jca() {
            return jca;
        }

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }

    /** How the hmac scheme writes its digest. */
    public enum Encoding {
        HEX, BASE64;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }
}
