package io.flows.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flows.dsl.model.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    // the published vector of the Standard Webhooks libraries
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TS = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    static Signatures at(long epochSecond) {
        return new Signatures(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC), Duration.ofMinutes(5));
    }

    static Map<String, String> std(String signature) {
        return Map.of("webhook-id", ID, "webhook-timestamp", TS, "webhook-signature", signature);
    }

    @Test
    void acceptsThePublishedStandardWebhooksVector() throws Exception {
        at(1614265330).verify("standard-webhooks", SECRET, std(SIG), BODY);
        at(1614265330 + 299).verify("standard-webhooks", SECRET, std(SIG), BODY);
    }

    @Test
    void signsLikeThePublishedVector() {
        assertThat(Signatures.standardSignature(SECRET, ID, Long.parseLong(TS), BODY)).isEqualTo(SIG);
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatches() throws Exception {
        at(1614265330).verify("standard-webhooks", SECRET,
                std("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,xyz " + SIG), BODY);
    }

    @Test
    void refusesAWrongStaleFutureOrMissingStandardSignature() {
        Signatures now = at(1614265330);
        assertThatThrownBy(() -> now.verify("standard-webhooks", SECRET,
                std("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ2OE="), BODY)).isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> now.verify("standard-webhooks", SECRET, std(SIG),
                "{\"test\":2432232314}".getBytes(StandardCharsets.UTF_8))).as("re-serialised body").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> now.verify("standard-webhooks", "whsec_" + Base64.getEncoder().encodeToString(new byte[24]),
                std(SIG), BODY)).as("other secret").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> at(1614265330 + 301).verify("standard-webhooks", SECRET, std(SIG), BODY))
                .as("stale").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> at(1614265330 - 301).verify("standard-webhooks", SECRET, std(SIG), BODY))
                .as("from the future").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> now.verify("standard-webhooks", SECRET, Map.of("webhook-id", ID, "webhook-timestamp", TS), BODY))
                .as("missing").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> now.verify("standard-webhooks", SECRET, std("v1," + SIG.substring(3).replace('g', 'h')), BODY))
                .isInstanceOf(Signatures.Refused.class);
    }

    @Test
    void checksGithubAndGenericHmacHeaders() throws Exception {
        byte[] body = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(Signatures.hmac("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8), body));
        Signatures s = at(0);
        s.verify("github", "It's a Secret to Everybody", Map.of("x-hub-signature-256", "sha256=" + hex), body);
        s.verify("hmac", "It's a Secret to Everybody", Map.of("x-signature", hex.toUpperCase()), body);
        assertThatThrownBy(() -> s.verify("github", "It's a Secret to Everybody", Map.of("x-hub-signature-256", hex), body))
                .isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> s.verify("github", "other secret", Map.of("x-hub-signature-256", "sha256=" + hex), body))
                .isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> s.verify("hmac", "It's a Secret to Everybody", Map.of(), body)).isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> s.verify("nope", "x", Map.of(), body)).isInstanceOf(Signatures.Refused.class);
    }

    @Test
    void anyOfTheActiveSecretsMaySignDuringARotation() throws Exception {
        Trigger.Signature spec = new Trigger.Signature(Trigger.Scheme.STANDARD_WEBHOOKS, null,
                List.of("${secrets.OLD}", "${secrets.NEW}"), null, null, null, null);
        String other = "whsec_" + Base64.getEncoder().encodeToString("another secret of 24 b!!".getBytes(StandardCharsets.UTF_8));
        at(1614265330).verify(spec, List.of(SECRET, other), std(SIG), BODY);
        at(1614265330).verify(spec, List.of(other, SECRET), std(SIG), BODY);
        assertThatThrownBy(() -> at(1614265330).verify(spec, List.of(other), std(SIG), BODY))
                .isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> at(1614265330).verify(spec, List.of(), std(SIG), BODY))
                .isInstanceOf(Signatures.Refused.class).hasMessageContaining("not set");
    }

    @Test
    void theHmacSchemeTakesItsHeaderAlgorithmEncodingAndPrefixFromTheTrigger() throws Exception {
        byte[] body = "order=42&total=99.5".getBytes(StandardCharsets.UTF_8);
        String secret = "partner-shared-secret";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        String b64 = Base64.getEncoder().encodeToString(mac.doFinal(body));
        Trigger.Signature spec = new Trigger.Signature(Trigger.Scheme.HMAC, secret, null, "X-Partner-Sig",
                Trigger.Algorithm.SHA512, Trigger.Encoding.BASE64, "HMAC ");
        Signatures s = at(0);

        s.verify(spec, List.of(secret), Map.of("x-partner-sig", "HMAC " + b64), body);
        assertThatThrownBy(() -> s.verify(spec, List.of(secret), Map.of("x-partner-sig", b64), body))
                .as("prefix required when the trigger names one").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> s.verify(spec, List.of(secret), Map.of("x-signature", "HMAC " + b64), body))
                .as("default header not used").isInstanceOf(Signatures.Refused.class);
        assertThatThrownBy(() -> s.verify(spec, List.of(secret), Map.of("x-partner-sig", "HMAC " + b64), "order=43&total=99.5".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Signatures.Refused.class).hasMessageContaining("does not match");

        mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String sha1 = HexFormat.of().formatHex(mac.doFinal(body));
        Trigger.Signature sha1Spec = new Trigger.Signature(Trigger.Scheme.HMAC, secret, null, null, Trigger.Algorithm.SHA1, null, null);
        s.verify(sha1Spec, List.of(secret), Map.of("x-signature", sha1), body);
        s.verify(sha1Spec, List.of(secret), Map.of("x-signature", "sha1=" + sha1), body);
        assertThatThrownBy(() -> s.verify(sha1Spec, List.of(secret), Map.of("x-signature", "sha256=" + sha1), body))
                .isInstanceOf(Signatures.Refused.class);
    }

    @Test
    void githubsPublishedExample() throws Exception {
        // docs.github.com "Validating webhook deliveries": secret and payload with the expected signature
        at(0).verify("github", "It's a Secret to Everybody",
                Map.of("x-hub-signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
                "Hello, World!".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void secretsResolveFromTheEnvironmentOrAreLiterals() {
        Secrets s = Secrets.of(Map.of("FLOWS_SECRET_SHOP_HOOK", "whsec_abc"));
        assertThat(s.resolve("${secrets.SHOP_HOOK}")).contains("whsec_abc");
        assertThat(s.resolve("${ secrets.shop-hook }")).contains("whsec_abc");
        assertThat(s.resolve("${secrets.MISSING}")).isEmpty();
        assertThat(s.resolve("${vars.x}")).isEmpty();
        assertThat(s.resolve("plain-literal")).contains("plain-literal");
        assertThat(s.resolve(null)).isEmpty();
    }
}
