package io.flows.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String SECRET = "Tok3n/with+odd&chars=\"q\" é";
    private final Redactor redactor = new Redactor();

    RedactorTest() {
        redactor.add(List.of(SECRET));
    }

    @Test
    void masksTheValueAsWritten() {
        assertThat(redactor.redact("Bearer " + SECRET + " end")).isEqualTo("Bearer *** end");
    }

    @Test
    void masksTheValueLowerCasedAsInAHostName() {
        assertThat(redactor.redact("Could not resolve " + SECRET.toLowerCase(java.util.Locale.ROOT) + ".example"))
                .isEqualTo("Could not resolve ***.example");
    }

    @Test
    void masksJsonEscapedAndUrlEncodedForms() throws Exception {
        String json = new ObjectMapper().writeValueAsString(SECRET);
        assertThat(redactor.redact("{\"t\":" + json + "}")).isEqualTo("{\"t\":\"***\"}");
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertThat(redactor.redact("?key=" + form + "&x=1")).isEqualTo("?key=***&x=1");
        assertThat(redactor.redact("/v/" + form.replace("+", "%20"))).isEqualTo("/v/***");
        assertThat(redactor.redact("/v/" + form.replace("%2F", "%2f").replace("%2B", "%2b").replace("%26", "%26")
                .replace("%3D", "%3d").replace("%22", "%22").replace("%C3%A9", "%c3%a9"))).isEqualTo("/v/***");
    }

    /** Every printable ASCII character that is not a letter or digit, the space first. */
    static final String PUNCTUATION = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    @Test
    void masksAValueUrlEncodedByAnyCommonEncoderWhateverItsPunctuation() {
        List<String> values = new java.util.ArrayList<>();
        for (char p : PUNCTUATION.toCharArray()) {
            // the space needs encoding by every encoder; the punctuation character is kept by some and encoded by others
            values.add("abcdef" + p + " gh" + p + "é");
        }
        values.add("Aa0" + PUNCTUATION + "é€😀");
        try (UrlEncoders encoders = new UrlEncoders()) {
            for (String value : values) {
                Redactor r = new Redactor();
                r.add(List.of(value));
                encoders.all(value).forEach((encoder, encoded) -> assertThat(r.redact("GET /x?k=" + encoded + "&z=1"))
                        .as("%s of <%s>: %s", encoder, value, encoded).isEqualTo("GET /x?k=***&z=1"));
            }
        }
    }

    @Test
    void masksABase64ValueSentUrlEncoded() {
        String value = "s3cr3t>>>??é"; // its base64 has '/', '+' and '=', which encodeURIComponent encodes
        Redactor r = new Redactor();
        r.add(List.of(value));
        try (UrlEncoders encoders = new UrlEncoders()) {
            String whole = encoders.encodeURIComponent(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            assertThat(whole).contains("%2F").contains("%2B").contains("%3D");
            assertThat(r.redact("?auth=" + whole)).isEqualTo("?auth=***");
            String basic = encoders.encodeURIComponent("Basic " + Base64.getEncoder().encodeToString(
                    ("erp12:" + value).getBytes(StandardCharsets.UTF_8)));
            String masked = r.redact("?auth=" + basic);
            // the user's 8 characters and at most a couple of edge characters (each perhaps %XX) remain
            assertThat(masked).as(masked).startsWith("?auth=Basic%20ZXJwMTI6").contains("***").hasSizeLessThan(40);
        }
    }

    @Test
    void leavesTextWithPercentSignsAndPlusesThatHoldNoSecretAsItIs() {
        for (String text : List.of("100% sure + 50%", "%zz%4", "%FF%C3%28 broken", "a+b=c%2Bd", "%F0%9F%98%80 smile")) {
            assertThat(redactor.redact(text)).isSameAs(text);
        }
    }

    @Test
    void masksEveryBase64Spelling() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        for (String encoded : List.of(Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))) {
            assertThat(redactor.redact("x " + encoded + " y")).as(encoded).doesNotContain(encoded).contains("***");
        }
    }

    @Test
    void masksAValueEmbeddedInBase64WhateverItsAlignment() {
        for (String user : List.of("erp", "erp1", "erp12")) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            String masked = redactor.redact("Authorization: Basic " + basic);
            assertThat(masked).as(user).contains("***");
            // what is left of the encoding is the user and at most a couple of edge characters on each side
            assertThat(masked.length()).as(masked).isLessThan(("Authorization: Basic ").length() + 16);
        }
    }

    @Test
    void masksInsideJsonTreesAndSharesWhatIsUntouched() throws Exception {
        JsonNode tree = new ObjectMapper().readTree("""
                {"clean": {"a": [1, 2, "three"]}, "dirty": ["x", {"h": "Bearer %s"}], "%s": 1}
                """.formatted(SECRET.replace("\"", "\\\""), "k" + SECRET.replace("\"", "\\\"")));
        JsonNode out = redactor.redact(tree);
        assertThat(out.toString()).doesNotContain("Tok3n").contains("Bearer ***").contains("\"k***\"");
        assertThat(out.get("clean")).isSameAs(tree.get("clean"));
        assertThat(tree.toString()).as("the input is left as it was").contains("Tok3n");
        ObjectNode untouched = (ObjectNode) new ObjectMapper().readTree("{\"a\": \"b\"}");
        assertThat(redactor.redact(untouched)).isSameAs(untouched);
    }

    @Test
    void masksANumericSecretWrittenAsANumber() throws Exception {
        Redactor r = new Redactor();
        r.add(List.of("4111111111111111"));
        assertThat(r.redact(new ObjectMapper().readTree("{\"card\": 4111111111111111}")).toString())
                .isEqualTo("{\"card\":\"***\"}");
    }

    @Test
    void ignoresValuesUnderSixCharacters() {
        Redactor r = new Redactor();
        r.add(List.of("abc12"));
        assertThat(r.redact("abc12 stays")).isEqualTo("abc12 stays");
    }

    @Test
    void masksOverlappingSecretsWithoutLeavingPieces() {
        Redactor r = new Redactor();
        r.add(List.of("abcdefgh", "efghijkl"));
        assertThat(r.redact("xxabcdefghijklyy")).doesNotContain("abcd").doesNotContain("ijkl");
    }
}
