package io.flows.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flows.dsl.kinds.ConnectorCall;
import io.flows.dsl.kinds.Foreach;
import io.flows.dsl.model.OnError;
import io.flows.dsl.parse.Format;
import io.flows.dsl.parse.ParseLimits;
import io.flows.dsl.validate.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowDslTest {

    private final FlowDsl dsl = new FlowDsl();

    private FlowDsl.Result yaml(String text) {
        return dsl.read(text.getBytes(StandardCharsets.UTF_8), Format.YAML);
    }

    private FlowDsl.Result json(String text) {
        return dsl.read(text.getBytes(StandardCharsets.UTF_8), Format.JSON);
    }

    @Test
    void reportsTheExactPathLineAndColumnOfAnOutOfRangeValue() {
        FlowDsl.Result r = yaml("""
                id: ranges
                steps:
                  - id: a
                    type: transform
                    script: return 1
                  - id: push
                    type: connector-call
                    connector: http
                    with:
                      url: http://localhost/x
                    retry:
                      maxAttempts: 0
                """);
        assertThat(r.problems()).hasSize(1);
        Problem p = r.problems().get(0);
        assertThat(p.code()).isEqualTo("OUT_OF_RANGE");
        assertThat(p.path()).isEqualTo("steps[1].retry.maxAttempts");
        assertThat(p.line()).isEqualTo(12);
        assertThat(p.column()).isEqualTo(20);
        assertThat(p.toString()).isEqualTo("steps[1].retry.maxAttempts: must be between 1 and 100, not the number 0 (line 12, column 20)");
    }

    @Test
    void aWholeNumberTooLargeForItsFieldIsOutOfRangeNamingTheRangeInsteadOfTheBindersWords() {
        FlowDsl.Result r = yaml("""
                id: qa
                steps:
                  - id: flaky
                    type: error-injection
                    mode: fail
                    seed: 99999999999999999999
                    every: 3000000000
                """);
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "steps[0].seed: must be between -9223372036854775808 and 9223372036854775807, not the number 99999999999999999999 (line 6, column 11)",
                "steps[0].every: must be between 1 and 2147483647, not the number 3000000000 (line 7, column 12)");
        assertThat(r.problems()).extracting(Problem::code).containsOnly("OUT_OF_RANGE");
        assertThat(r.warnings()).isEmpty();

        assertThat(json("""
                {"id": "qa", "steps": [{"id": "e", "type": "error-injection", "mode": "fail", "seed": -9223372036854775809}]}""")
                .problems()).extracting(Problem::code, Problem::path)
                .containsExactly(tuple("OUT_OF_RANGE", "steps[0].seed"));
        assertThat(yaml("id: qa\nsteps:\n  - {id: e, type: error-injection, mode: fail, seed: 9223372036854775807}\n")
                .problems()).isEmpty();
    }

    @Test
    void anAcceptedStatusThatNoHttpAnswerCanHaveIsWarnedAboutAndStillRuns() {
        FlowDsl.Result r = yaml("""
                id: lenient
                steps:
                  - id: lookup
                    type: connector-call
                    with: { url: http://localhost/x }
                    acceptStatus: [404, 4040, 99]
                """);
        assertThat(r.problems()).as("a flow saved with it before the rule must still load and run").isEmpty();
        assertThat(r.warnings()).extracting(Problem::toString).containsExactly(
                "steps[0].acceptStatus[1]: 4040 is no HTTP status (100 to 599), so no answer matches it (line 6, column 25)",
                "steps[0].acceptStatus[2]: 99 is no HTTP status (100 to 599), so no answer matches it (line 6, column 31)");
        assertThat(r.warnings()).extracting(Problem::code).containsOnly("NEVER_MATCHES");
        assertThat(yaml("id: ok\nsteps:\n  - {id: c, type: connector-call, with: {url: http://x/}, acceptStatus: [100, 599]}\n")
                .warnings()).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeWhereANameFromAListIsExpectedIsOneProblemListingTheNames() {
        FlowDsl.Result r = yaml("""
                id: qa
                trigger: {type: 7}
                steps:
                  - {id: e, type: error-injection, mode: 5}
                  - {id: c, type: connector-call, with: {url: "http://localhost/x", method: [GET]}}
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::path, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INVALID_VALUE", "trigger.type",
                        "the number 7 is not allowed; expected one of manual, webhook, schedule"),
                org.assertj.core.groups.Tuple.tuple("INVALID_VALUE", "steps[0].mode",
                        "the number 5 is not allowed; expected one of fail, latency, timeout, respond"),
                org.assertj.core.groups.Tuple.tuple("INVALID_VALUE", "steps[1].with.method",
                        "a list is not allowed; expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"));
    }

    @Test
    void aPropertyNamedStepsIsNotAStepReference() {
        FlowDsl.Result r = yaml("""
                id: nested-steps
                steps:
                  - { id: plan, type: transform, set: { first: "${input.steps.first}", next: "${input?.steps?.next}" } }
                  - { id: use, type: transform, set: { first: "${steps.plan.output.first}" } }
                """);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void returnsEveryProblemAtOnce() {
        FlowDsl.Result r = yaml("""
                id: Many_Problems
                steps:
                  - { id: 1bad, type: transform, script: "return 1" }
                  - { id: dup, type: trasnform, script: "return 1" }
                  - { id: dup, type: delay, duration: soon }
                  - { id: ref, type: transform, set: { x: "${steps.later.output}" }, colour: red }
                  - { id: later, type: transform, script: "return 1" }
                """);
        assertThat(r.problems()).extracting(Problem::code).contains("BAD_FLOW_ID", "BAD_STEP_ID", "UNKNOWN_STEP_KIND",
                "DUPLICATE_STEP_ID", "BAD_DURATION", "UNKNOWN_STEP_REFERENCE", "UNKNOWN_FIELD");
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.line()).isNotNull());
        assertThat(r.problems()).filteredOn(p -> p.code().equals("UNKNOWN_STEP_KIND")).first()
                .extracting(Problem::message).asString().contains("did you mean 'transform'");
    }

    @Test
    void jsonDocumentsCarryLocationsToo() {
        FlowDsl.Result r = json("""
                {"id": "j",
                 "steps": [
                   {"id": "a", "type": "delay", "duration": "5 s"}
                 ]}""");
        Problem p = r.problems().get(0);
        assertThat(p.code()).isEqualTo("BAD_DURATION");
        assertThat(p.line()).isEqualTo(3);
    }

    @Test
    void aWebhookSecretWrittenIntoTheFlowThatCannotSignIsRefused() {
        String flow = """
                id: hook
                trigger:
                  type: webhook
                  path: in
                  signature: { scheme: %s, %s }
                steps: []
                """;
        assertThat(yaml(flow.formatted("hmac", "secret: \"\"")).problems()).extracting(Problem::path)
                .containsExactly("trigger.signature.secret");
        assertThat(yaml(flow.formatted("standard-webhooks", "secret: whsec_")).problems()).extracting(Problem::code)
                .containsExactly("INVALID_VALUE");
        assertThat(yaml(flow.formatted("standard-webhooks", "secrets: [\"${secrets.OLD}\", \"whsec_not!!base64\"]"))
                .problems()).extracting(Problem::path).containsExactly("trigger.signature.secrets[1]");
        assertThat(yaml(flow.formatted("standard-webhooks", "secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).problems())
                .isEmpty();
        assertThat(yaml(flow.formatted("standard-webhooks", "secret: \"${secrets.HOOK}\"")).problems()).isEmpty();
        assertThat(yaml(flow.formatted("hmac", "secret: whsec_plain-text-is-a-key-for-hmac")).problems()).isEmpty();
    }

    @Test
    void aWebhookSecretThatIsAnExpressionOtherThanSecretsNameIsAWarningThatEveryDeliveryIsRefused() {
        String flow = """
                id: hook
                trigger:
                  type: webhook
                  path: in
                  signature: { scheme: github, %s }
                steps: []
                """;
        FlowDsl.Result computed = yaml(flow.formatted("secret: \"${'gh' + 'secret'}\""));
        assertThat(computed.valid()).isTrue();
        assertThat(computed.warnings()).extracting(Problem::code, Problem::path, Problem::line)
                .containsExactly(tuple("ALWAYS_FAILS", "trigger.signature.secret", 5));
        assertThat(computed.warnings().get(0).message()).isEqualTo("'${'gh' + 'secret'}' is not a signing secret: it is"
                + " ${secrets.NAME} alone (read from FLOWS_SECRET_NAME or the secret store) or the secret itself, as text"
                + " without ${; nothing else is evaluated here, so no secret is found and every delivery is refused with"
                + " 503; write ${secrets.NAME}");

        FlowDsl.Result rotated = yaml(flow.formatted("secrets: [\"${secrets.OLD}\", \"${secrets['NEW']}\", \"x-${secrets.A}\"]"));
        assertThat(rotated.warnings()).extracting(Problem::path)
                .containsExactly("trigger.signature.secrets[1]", "trigger.signature.secrets[2]");
        assertThat(rotated.warnings().get(0).message()).endsWith("; write ${secrets.NEW}");

        for (String fine : List.of("secret: \"${secrets.HOOK}\"", "secret: \" ${ secrets.HOOK } \"", "secret: plain-key")) {
            assertThat(yaml(flow.formatted(fine)).warnings()).as(fine).isEmpty();
        }
    }

    @Test
    void triggerFieldsItsTypeDoesNotUseAreIgnoredFieldWarningsThatKeepTheFlowValid() {
        FlowDsl.Result manual = json("""
                {"id": "x", "trigger": {"type": "manual", "path": "dev/std", "cron": "bogus", "timezone": "Nope/Zone",
                 "signature": {"scheme": "github", "secret": ""}}, "steps": []}""");
        assertThat(manual.valid()).isTrue();
        assertThat(manual.warnings()).extracting(Problem::code, Problem::path)
                .containsExactly(tuple("IGNORED_FIELD", "trigger.path"), tuple("IGNORED_FIELD", "trigger.cron"),
                        tuple("IGNORED_FIELD", "trigger.timezone"), tuple("IGNORED_FIELD", "trigger.signature"));
        assertThat(manual.warnings().get(1).message()).isEqualTo("a manual trigger does not use cron; it is used only by"
                + " a schedule trigger (remove it, or change the type to schedule)");

        FlowDsl.Result schedule = yaml("""
                id: x
                trigger: { type: schedule, cron: "0 0 * * * *", idempotencyKey: "${body.id}", input: {a: 1} }
                steps: []
                """);
        assertThat(schedule.warnings()).extracting(Problem::path, Problem::message).containsExactly(tuple(
                "trigger.idempotencyKey", "a schedule trigger does not use idempotencyKey; it is used only by a webhook"
                        + " trigger (remove it, or change the type to webhook)"));
        assertThat(yaml("id: x\ntrigger: { type: webhook, path: in, misfire: skip }\nsteps: []\n").warnings())
                .extracting(Problem::path).containsExactly("trigger.misfire");
        assertThat(yaml("id: x\ntrigger: { type: webhook, path: in, sequence: \"${body.v}\", orderingKey: \"${body.k}\" }"
                + "\nsteps: []\n").warnings()).isEmpty();
    }

    @Test
    void errorInjectionSettingsItsModeIgnoresAreWarningsThatKeepTheFlowValid() {
        FlowDsl.Result r = yaml("""
                id: qa
                steps:
                  - id: down
                    type: error-injection
                    mode: fail
                    seed: 7
                    latency: { min: 2s }
                  - id: loop
                    type: foreach
                    items: ${input.lines}
                    steps:
                      - id: canned
                        type: error-injection
                        mode: respond
                        error: { code: ERP_DOWN }
                        response:
                  - id: slow
                    type: error-injection
                    mode: latency
                    probability: 0.5
                    latency: { min: 1s, max: 25h }
                """);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        assertThat(r.flow()).isNotNull();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("IGNORED_FIELD", "steps[0].seed", 6),
                org.assertj.core.groups.Tuple.tuple("IGNORED_FIELD", "steps[0].latency", 7),
                org.assertj.core.groups.Tuple.tuple("IGNORED_FIELD", "steps[1].steps[0].error", 15),
                org.assertj.core.groups.Tuple.tuple("EMPTY_VALUE", "steps[1].steps[0].response", 16),
                org.assertj.core.groups.Tuple.tuple("LONG_WAIT", "steps[2].latency.max", 21));
        assertThat(r.warnings().get(1).message()).isEqualTo(
                "mode fail does not use latency; it is used only by mode latency (remove it or change the mode)");
    }

    @Test
    void theHintAboutYamlIndentationOfAnEmptyCannedResponseIsGivenForYamlOnly() {
        FlowDsl.Result fromYaml = yaml("""
                id: qa
                steps:
                  - id: canned
                    type: error-injection
                    mode: respond
                    response:
                """);
        assertThat(fromYaml.warnings()).extracting(Problem::message).containsExactly(
                "the canned response is empty (\"\"), so that is the step's output; check the indentation of the lines under response:");

        FlowDsl.Result fromJson = json("""
                {"id": "qa", "steps": [{"id": "canned", "type": "error-injection", "mode": "respond", "response": null}]}""");
        assertThat(fromJson.warnings()).extracting(Problem::code, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("EMPTY_VALUE", "the canned response is empty (null), so that is the step's output"));
    }

    @Test
    void aValueThatIsWrongGetsItsErrorWithoutAWarningAndWarningsComeInDocumentOrder() {
        FlowDsl.Result r = yaml("""
                id: qa
                steps:
                  - id: late
                    type: error-injection
                    mode: fail
                    seed: abc
                    response: { status: 500 }
                    latency: { min: 1s }
                """);
        assertThat(r.problems()).extracting(Problem::path).containsExactly("steps[0].seed");
        assertThat(r.warnings()).extracting(Problem::path).containsExactly("steps[0].response", "steps[0].latency");
    }

    @Test
    void anAliasOfAPlainValueIsRefusedWithItsOwnCodeAndWhatToDo() {
        FlowDsl.Result r = yaml("""
                id: alias
                steps:
                  - {id: a, type: delay, duration: &d 10ms}
                  - {id: b, type: delay, duration: *d}
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::line)
                .containsExactly(tuple("UNKNOWN_ALIAS", 4));
        assertThat(r.problems().get(0).message()).contains("anchors on plain values");
    }

    @Test
    void warningsAreKeptBesideTheProblemsOfAnInvalidFlowAndAbsentFromACleanOne() {
        FlowDsl.Result invalid = yaml("""
                id: qa
                steps:
                  - id: down
                    type: error-injection
                    mode: timeout
                    every: 0
                    response: { status: 500 }
                """);
        assertThat(invalid.valid()).isFalse();
        assertThat(invalid.problems()).extracting(Problem::path).contains("steps[0].every");
        assertThat(invalid.warnings()).extracting(Problem::code, Problem::path)
                .containsExactly(tuple("IGNORED_FIELD", "steps[0].response"));

        FlowDsl.Result clean = yaml("""
                id: qa
                steps:
                  - id: flaky
                    type: error-injection
                    mode: fail
                    probability: 0.2
                    seed: 42
                    error: { code: ERP_DOWN }
                  - id: jitter
                    type: error-injection
                    mode: latency
                    seed: 1
                    latency: { min: 10ms, max: 24h }
                """);
        assertThat(clean.problems()).isEmpty();
        assertThat(clean.warnings()).isEmpty();

        FlowDsl.Result nothingRandom = yaml("""
                id: qa
                steps:
                  - {id: never, type: error-injection, mode: fail, probability: 0, seed: 1}
                  - {id: always, type: error-injection, mode: fail, probability: 1, seed: 1}
                  - {id: fixed, type: error-injection, mode: latency, seed: 1, latency: {min: 1s, max: 1000ms}}
                """);
        assertThat(nothingRandom.problems()).isEmpty();
        assertThat(nothingRandom.warnings()).extracting(Problem::path)
                .containsExactly("steps[0].seed", "steps[1].seed", "steps[2].seed");
    }

    @Test
    void duplicateKeysAreRefusedInJsonAndYaml() {
        assertThat(json("{\"id\":\"a\",\"id\":\"b\",\"steps\":[]}").problems()).extracting(Problem::code).containsExactly("DUPLICATE_KEY");
        assertThat(yaml("id: a\nsteps: []\nsteps: []\n").problems()).extracting(Problem::code).containsExactly("DUPLICATE_KEY");
    }

    @Test
    void aDuplicateKeyIsReportedAtItsPathWhereItIsGivenTheSecondTime() {
        FlowDsl.Result r = yaml("""
                id: dup
                steps:
                  - { id: a, type: transform, set: { x: 1 } }
                  - { id: b, type: transform, set: { x: 1 } }
                  - id: c
                    type: transform
                    id: d
                    set: { x: 1 }
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::path, Problem::line, Problem::column)
                .containsExactly(tuple("DUPLICATE_KEY", "steps[2].id", 7, 5));
        assertThat(r.problems().get(0).message()).isEqualTo("the key 'id' is given twice (first on line 5); a key may appear once in a mapping");

        FlowDsl.Result j = json("""
                {"id": "dup",
                 "steps": [{"id": "a", "type": "transform", "set": {"x": 1, "x": 2}}]}""");
        assertThat(j.problems()).extracting(Problem::code, Problem::path, Problem::line, Problem::column)
                .containsExactly(tuple("DUPLICATE_KEY", "steps[0].set.x", 2, 61));
        assertThat(yaml("id: a\nsteps: []\nsteps: []\n").problems()).extracting(Problem::path).containsExactly("steps");
        assertThat(yaml("vars: { \"a b\": 1, \"a b\": 2 }\nid: a\nsteps: []\n").problems()).extracting(Problem::path)
                .containsExactly("vars[\"a b\"]");
    }

    @Test
    void anAliasBombIsRefusedWellUnderASecond() {
        StringBuilder bomb = new StringBuilder("id: bomb\nsteps: []\nvars:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        long started = System.nanoTime();
        FlowDsl.Result r = yaml(bomb.toString());
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.problems()).extracting(Problem::code).containsExactly("TOO_MANY_ALIASES");
        assertThat(ms).isLessThan(1000);
    }

    @Test
    void ordinaryAliasesAreExpanded() {
        FlowDsl.Result r = yaml("""
                id: aliases
                vars:
                  defaults: &d { region: eu, retries: 3 }
                  copy: *d
                steps: []
                """);
        assertThat(r.valid()).isTrue();
        assertThat(r.flow().vars().get("copy").get("region").asText()).isEqualTo("eu");
    }

    @Test
    void aByteOrderMarkIsSkippedInJsonAsInYaml() {
        assertThat(json("\uFEFF{\"id\": \"bom\", \"steps\": []}").problems()).isEmpty();
        assertThat(yaml("\uFEFFid: bom\nsteps: []\n").problems()).isEmpty();
    }

    @Test
    void plainYamlScalarsAreTypedByYaml12NotYaml11() {
        FlowDsl.Result r = yaml("""
                id: scalars
                vars:
                  country: NO
                  answer: yes
                  switch: off
                  letter: y
                  zip: 01234
                  time: 12:30
                  grouped: 1_000
                  binary: 0b101
                  infinite: .inf
                  yes: key
                  flags: [true, True, FALSE]
                  ints: [42, -7, +3, 0x1F]
                  octal: 0o17
                  floats: [1.50, .5, 2e3, -0.0]
                  empty: ~
                  quoted: "true"
                steps: []
                """);
        assertThat(r.valid()).as(String.valueOf(r.problems())).isTrue();
        var vars = r.flow().vars();
        for (String text : List.of("country:NO", "answer:yes", "switch:off", "letter:y", "time:12:30",
                "grouped:1_000", "binary:0b101", "infinite:.inf", "yes:key", "quoted:true", "octal:0o17")) {
            String name = text.substring(0, text.indexOf(':'));
            assertThat(vars.get(name).isTextual()).as("%s is text", name).isTrue();
            assertThat(vars.get(name).asText()).isEqualTo(text.substring(name.length() + 1));
        }
        assertThat(vars.get("zip").toString()).as("decimal, not octal as in YAML 1.1; quote it to keep the zero")
                .isEqualTo("1234");
        assertThat(vars.get("flags").toString()).isEqualTo("[true,true,false]");
        assertThat(vars.get("ints").toString()).isEqualTo("[42,-7,3,31]");
        assertThat(vars.get("floats").toString()).isEqualTo("[1.50,0.5,2E+3,0.0]");
        assertThat(vars.get("empty").isNull()).isTrue();
        assertThat(r.document().retyped()).as("what YAML 1.1 read otherwise").contains(
                "vars.country: NO (was false)", "vars.switch: off (was false)", "vars.zip: 01234 (was 668)",
                "vars.grouped: 1_000 (was 1000)").noneMatch(v -> v.startsWith("vars.flags") || v.startsWith("vars.ints"));
        assertThat(yaml("id: plain\nvars: { on: true, n: 1.50 }\nsteps: []\n").document().retyped()).isEmpty();
    }

    @Test
    void deepNestingAndHugeDocumentsAreRefusedBeforeAnyHarm() {
        String deep = "id: deep\nsteps: []\nvars: { x: " + "[".repeat(500) + "]".repeat(500) + " }\n";
        assertThat(yaml(deep).problems()).extracting(Problem::code).containsExactly("TOO_DEEP");
        FlowDsl small = new FlowDsl(new ParseLimits(1000, 64, 10));
        byte[] big = ("id: big\nsteps: []\nvars: { x: \"" + "y".repeat(2000) + "\" }\n").getBytes(StandardCharsets.UTF_8);
        assertThat(small.read(big, Format.YAML).problems()).extracting(Problem::code).containsExactly("DOCUMENT_TOO_LARGE");
    }

    @Test
    void malformedTextIsAParseErrorWithALocation() {
        FlowDsl.Result r = json("{\"id\": \"x\", \"steps\": [ }");
        assertThat(r.problems()).extracting(Problem::code).containsExactly("PARSE_ERROR");
        assertThat(r.problems().get(0).line()).isEqualTo(1);
        assertThat(yaml("").problems()).extracting(Problem::code).containsExactly("EMPTY_DOCUMENT");
        assertThat(yaml("- just\n- a list\n").problems()).extracting(Problem::code).containsExactly("WRONG_TYPE");
    }

    @Test
    void halfASurrogatePairAnywhereIsALocatedProblemAndNoProblemQuotesItAsItIs() {
        FlowDsl.Result set = json("{\"id\": \"sur\",\n \"steps\": [{\"id\": \"t\", \"type\": \"transform\", \"set\": {\"c\": \"\\ud800\"}}]}");
        assertThat(set.problems()).extracting(Problem::code, Problem::path, Problem::line)
                .containsExactly(tuple("LONE_SURROGATE", "steps[0].set.c", 2));
        assertThat(set.problems().get(0).message()).isEqualTo("this text holds half of a UTF-16 surrogate pair (an escape"
                + " \\ud800 to \\udfff without its other half), which is no Unicode character; write the whole character"
                + " (😀, or both halves: \\ud83d\\ude00) or remove it");

        FlowDsl.Result description = yaml("id: sur\ndescription: \"x\\udbffy\"\nsteps: []\n");
        assertThat(description.problems()).extracting(Problem::code, Problem::path, Problem::line)
                .containsExactly(tuple("LONE_SURROGATE", "description", 2));

        // an unknown field named with one: both problems name it with U+FFFD, located where the key is
        FlowDsl.Result key = yaml("id: sur\nsteps:\n  - id: t\n    type: delay\n    duration: 1s\n    \"k\\ud800\": 1\n");
        assertThat(key.problems()).extracting(Problem::code, Problem::path, Problem::line)
                .containsExactlyInAnyOrder(tuple("LONE_SURROGATE", "steps[0][\"k\uFFFD\"]", 6),
                        tuple("UNKNOWN_FIELD", "steps[0][\"k\uFFFD\"]", 6));
        assertThat(key.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain("\ud800"));
        assertThat(key.problems().get(0).message()).startsWith("this key holds half");

        assertThat(json("{\"id\": \"sur\", \"description\": \"\\ud83d\\ude00 😀\", \"steps\": []}").valid()).isTrue();
    }

    @Test
    void yamlTagsNeverCreateObjects() {
        FlowDsl.Result r = yaml("id: tags\nvars: { x: !!javax.script.ScriptEngineManager [] }\nsteps: []\n");
        assertThat(r.valid()).isTrue();
        assertThat(r.flow().vars().get("x").isArray()).isTrue();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path).containsExactly(tuple("IGNORED_TAG", "vars.x"));
    }

    @Test
    void aYamlTagFlowsDoesNotReadIsAnIgnoredTagWarningAtTheValueReadAsIfUntagged() {
        FlowDsl.Result r = yaml("""
                id: tags
                vars:
                  custom: !Ref foo
                  py: !!python/object/apply:os.system ["id"]
                  y: !!binary aGVsbG8=
                  b: !!bool yes
                  n: !!null ''
                  fine: !!str 123
                  count: !!int "12"
                  list: !!seq [1]
                steps: []
                """);
        assertThat(r.valid()).isTrue();
        assertThat(r.flow().vars().get("custom").asText()).isEqualTo("foo");
        assertThat(r.flow().vars().get("y").asText()).isEqualTo("aGVsbG8=");
        assertThat(r.flow().vars().get("fine").asText()).isEqualTo("123");
        assertThat(r.flow().vars().get("count").asInt()).isEqualTo(12);
        assertThat(r.warnings()).extracting(Problem::code, Problem::path, Problem::line).containsExactly(
                tuple("IGNORED_TAG", "vars.custom", 3), tuple("IGNORED_TAG", "vars.py", 4), tuple("IGNORED_TAG", "vars.y", 5),
                tuple("IGNORED_TAG", "vars.b", 6), tuple("IGNORED_TAG", "vars.n", 7));
        assertThat(r.warnings()).extracting(Problem::message).containsExactly(
                "the YAML tag !Ref is not supported (Flows reads plain values: text, numbers, booleans, null, lists and"
                        + " mappings), so it is ignored: this value is the text 'foo'; remove the tag",
                "the YAML tag !!python/object/apply:os.system is not supported (Flows reads plain values: text, numbers,"
                        + " booleans, null, lists and mappings), so it is ignored: this value is a list of 1 item; remove the tag",
                "the YAML tag !!binary is not supported (Flows reads plain values: text, numbers, booleans, null, lists and"
                        + " mappings), so it is ignored: this value is the text 'aGVsbG8='; remove the tag",
                "the YAML tag !!bool does not change how Flows reads a value, so it is ignored: this value is the text"
                        + " 'yes'; write it as a boolean (true or false) and remove the tag",
                "the YAML tag !!null does not change how Flows reads a value, so it is ignored: this value is the text '';"
                        + " write it as a null (null or ~) and remove the tag");

        FlowDsl.Result notBase64 = yaml("id: tags\nvars:\n  y: !!binary '!!'\nsteps: []\n");
        assertThat(notBase64.problems()).extracting(Problem::code, Problem::line).containsExactly(tuple("PARSE_ERROR", 3));
        assertThat(notBase64.problems().get(0).message()).startsWith("a value tagged !!binary is not base64 (");
    }

    @Test
    void bindsEveryKindIntoItsRecordWithDefaults() {
        FlowDsl.Result r = yaml("""
                id: bound
                steps:
                  - id: push
                    type: connector-call
                    connector: http
                    with: { method: POST, url: "http://x", body: "${input}" }
                    onError: continue
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    steps: [ { id: inner, type: delay, duration: 1s } ]
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.flow().steps().get(0).config()).isInstanceOf(ConnectorCall.class);
        assertThat(r.flow().steps().get(0).onError()).isEqualTo(OnError.CONTINUE);
        assertThat(r.flow().steps().get(0).retry().attempts()).isEqualTo(1);
        Foreach each = (Foreach) r.flow().steps().get(1).config();
        assertThat(each.steps().get(0).timeout()).isNull();
        assertThat(r.flow().trigger().type().json()).isEqualTo("manual");
    }

    @Test
    void serverAddedFieldsAreAcceptedAndIgnored() {
        FlowDsl.Result r = json("{\"id\":\"x\",\"version\":3,\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"steps\":[]}");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void serverAddedFieldsOfTheWrongTypeAreWarnedNotRefused() {
        FlowDsl.Result r = yaml("""
                id: x
                version: abc
                createdAt: 5
                steps: []
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.flow()).isNotNull();
        assertThat(r.warnings()).extracting(w -> w.code() + " " + w).containsExactly(
                "IGNORED_FIELD version: is set by the server and ignored when a flow is saved (must be a whole number, not the string 'abc') (line 2, column 10)",
                "IGNORED_FIELD createdAt: is set by the server and ignored when a flow is saved (must be a string, not the number 5) (line 3, column 12)");
    }

    @Test
    void referencesToStepsMustPointBackwards() {
        FlowDsl.Result r = yaml("""
                id: refs
                steps:
                  - id: first
                    type: transform
                    script: "return steps.first.output"
                  - id: branch
                    type: choice
                    when:
                      - if: "${steps.inBranch.output}"
                        steps: [ { id: inBranch, type: transform, set: { a: 1 } } ]
                    otherwise:
                      - { id: other, type: transform, set: { seen: "${steps['inBranch'].output}" } }
                output: "${steps.other.output}"
                """);
        assertThat(r.problems()).extracting(Problem::path).containsExactlyInAnyOrder("steps[0].script", "steps[1].when[0].if");
    }

    @Test
    void aTryWithItsCatchWrittenFirstIsReadInTheOrderItRuns() {
        // the body runs first whatever the document's order of the two fields, as the engine reads "before"
        FlowDsl.Result r = yaml("""
                id: refs
                steps:
                  - id: guarded
                    type: try
                    catch:
                      - { id: handle, type: transform, set: { failed: "${steps.charge.error.code}" } }
                    steps:
                      - { id: charge, type: transform, set: { seen: "${steps.handle.output}" } }
                """);
        assertThat(r.problems()).extracting(Problem::path, Problem::message).containsExactly(tuple(
                "steps[0].steps[0].set.seen",
                "steps.handle names a step that comes later, at steps[0].catch[0]; a step can read only the steps before it"));
    }

    @Test
    void aReferenceToALaterStepSaysItComesLaterAndWhere() {
        FlowDsl.Result r = yaml("""
                id: refs
                steps:
                  - { id: a, type: transform, set: { x: "${steps.c.output}" } }
                  - { id: c, type: transform, set: { x: 1 } }
                """);
        assertThat(r.problems()).extracting(Problem::message).containsExactly(
                "steps.c names a step that comes later, at steps[1]; a step can read only the steps before it");
    }

    @Test
    void aConditionWithTextAroundItsExpressionIsNotCalledPlainText() {
        FlowDsl.Result r = yaml("""
                id: cond
                steps:
                  - { id: c, type: choice, when: [ { if: "${input.x} and more", steps: [] }, { if: "yes", steps: [] } ] }
                  - { id: d, type: choice, when: [ { if: "$${input.x}", steps: [] } ] }
                """);
        assertThat(r.problems()).extracting(Problem::message).containsExactly(
                "a condition must be one ${...} expression, e.g. \"${input.total > 100}\"; '${input.x} and more' is text with expressions in it",
                "a condition must be one ${...} expression, e.g. \"${input.total > 100}\"; 'yes' is plain text",
                "a condition must be one ${...} expression, e.g. \"${input.total > 100}\"; '$${input.x}' is plain text"
                        + " ($${ writes a literal ${)");
    }

    @Test
    void problemsComeInTheOrderOfTheDocument() {
        FlowDsl.Result r = yaml("""
                id: order
                trigger: { type: webhook, path: /bad }
                steps:
                  - { id: a, type: delay, duration: 2 seconds }
                  - { id: b, type: transform, set: { x: "${steps.nope}" } }
                """);
        assertThat(r.problems()).extracting(Problem::line).containsExactly(2, 4, 5);
    }

    @Test
    void aTemplateInAFieldTheEngineDoesNotEvaluateIsAWarningThatItStaysText() {
        FlowDsl.Result r = yaml("""
                id: constants
                description: "reads ${input.id}"
                vars: { a: "${input.x}", b: "plain", c: "costs $${price}" }
                steps:
                  - { id: child, type: call-flow, flow: "${input.name}", input: "${input.payload}", name: "calls ${input.name}" }
                  - id: down
                    type: error-injection
                    mode: fail
                    error: { code: ERP_DOWN, message: "ERP down for ${input.id}" }
                  - { id: canned, type: error-injection, mode: respond, response: { body: "order ${input.id}" } }
                  - { id: js, type: transform, script: "return `${input.id}`;" }
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("NOT_EVALUATED", "vars.a", 3),
                org.assertj.core.groups.Tuple.tuple("NOT_EVALUATED", "steps[0].flow", 5),
                org.assertj.core.groups.Tuple.tuple("NOT_EVALUATED", "steps[1].error.message", 9));
        assertThat(r.warnings().get(1).message())
                .isEqualTo("this field is not evaluated: '${input.name}' is kept as text, as written");
    }

    @Test
    void fieldsTheEngineEvaluatesGetNoWarningInAnyKind() {
        FlowDsl.Result r = yaml("""
                id: evaluated
                trigger: { type: webhook, path: orders, idempotencyKey: "${headers['x-id']}", orderingKey: "${body.customer}", sequence: "${query.v}" }
                steps:
                  - { id: t, type: transform, set: { a: "${input.a}", deep: [ { b: "x ${vars.b}" } ] } }
                  - id: call
                    type: connector-call
                    with: { method: POST, url: "${vars.base}/x", headers: { X-A: "${execution.id}" }, query: { q: "${input.q}" }, body: { n: "${steps.t.output}" } }
                  - { id: each, type: foreach, items: "${input.lines}", steps: [ { id: line, type: transform, set: { i: "${index}" } } ] }
                  - id: pick
                    type: choice
                    when: [ { if: "${input.x > 1}", steps: [ { id: big, type: call-flow, flow: child, input: "${input}" } ] } ]
                  - id: guard
                    type: try
                    steps: [ { id: inj, type: error-injection, mode: respond, response: "${trigger.body}" } ]
                    catch: [ { id: fallback, type: transform, set: { code: "${error.code}", at: "${Date.now()}" } } ]
                output: "${ { n: JSON.stringify(steps.t.output), x: parseInt(input.x, 10) } }"
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void aNameNothingPutsInScopeIsAWarningWithASuggestionOrWhereItIsInScope() {
        FlowDsl.Result r = yaml("""
                id: names
                trigger: { type: webhook, path: orders, idempotencyKey: "${input.id}" }
                steps:
                  - { id: a, type: transform, set: { x: "${inptu.x}", y: "${step.a.output}", z: "${math.max(input.n, maxi)}" } }
                  - { id: b, type: transform, set: { code: "${error.code}", i: "${index}" } }
                  - id: guard
                    type: try
                    steps: [ { id: c, type: transform, set: { code: "${error.code}" } } ]
                    catch:
                      - id: each
                        type: foreach
                        items: "${index}"
                        steps: [ { id: d, type: transform, set: { both: "${[error.code, index]}" } } ]
                """);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        assertThat(r.warnings()).extracting(Problem::code).containsOnly("UNKNOWN_NAME");
        assertThat(r.warnings()).extracting(Problem::path, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("trigger.idempotencyKey", "'input' is not defined here, so the"
                        + " expression fails with a ReferenceError; expressions here see body, headers, query and"
                        + " JavaScript's global names"),
                org.assertj.core.groups.Tuple.tuple("steps[0].set.x", "'inptu' is not defined here (did you mean 'input'?),"
                        + " so the expression fails with a ReferenceError; expressions here see input, trigger, steps,"
                        + " vars, execution and JavaScript's global names"),
                org.assertj.core.groups.Tuple.tuple("steps[0].set.y", "'step' is not defined here (did you mean 'steps'?),"
                        + " so the expression fails with a ReferenceError; expressions here see input, trigger, steps,"
                        + " vars, execution and JavaScript's global names"),
                org.assertj.core.groups.Tuple.tuple("steps[0].set.z", "'math' is not defined here (did you mean 'Math'?), so"
                        + " the expression fails with a ReferenceError; expressions here see input, trigger, steps, vars,"
                        + " execution and JavaScript's global names"),
                org.assertj.core.groups.Tuple.tuple("steps[0].set.z", "'maxi' is not defined here, so the expression fails"
                        + " with a ReferenceError; expressions here see input, trigger, steps, vars, execution and"
                        + " JavaScript's global names"),
                org.assertj.core.groups.Tuple.tuple("steps[1].set.code", "'error' is not in scope here: only in the catch"
                        + " of a try step (reading it elsewhere fails with a ReferenceError)"),
                org.assertj.core.groups.Tuple.tuple("steps[1].set.i", "'index' is not in scope here: only in the steps"
                        + " of a foreach step (reading it elsewhere fails with a ReferenceError)"),
                org.assertj.core.groups.Tuple.tuple("steps[2].steps[0].set.code", "'error' is not in scope here: only in"
                        + " the catch of a try step (reading it elsewhere fails with a ReferenceError)"),
                org.assertj.core.groups.Tuple.tuple("steps[2].catch[0].items", "'index' is not in scope here: only in the"
                        + " steps of a foreach step (reading it elsewhere fails with a ReferenceError)"));
    }

    @Test
    void constantsACallCanNeverBeMadeWithAreWarningsThatTheStepAlwaysFails() {
        FlowDsl.Result r = yaml("""
                id: never
                steps:
                  - { id: a, type: call-flow, flow: Bad_Id }
                  - { id: b, type: connector-call, connection: "bad name!" }
                  - { id: c, type: connector-call, with: { url: "ftp://example.com/x" } }
                  - { id: d, type: connector-call, connector: http, with: { url: "not a url" } }
                  - { id: e, type: connector-call, with: { url: "/relative" } }
                  - { id: ok1, type: call-flow, flow: order-to-erp }
                  - { id: ok2, type: connector-call, connection: erp.v2, with: { url: "/orders" } }
                  - { id: ok3, type: connector-call, with: { url: "HTTPS://example.com/x?q=1" } }
                  - { id: ok4, type: connector-call, with: { url: "${vars.base}/x" } }
                  - { id: ok5, type: call-flow, flow: "${input.flow}" }
                  - { id: f, type: call-flow, flow: "orders-${input.kind" }
                  - { id: g, type: connector-call, connection: "erp-${vars.env" }
                """);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[0].flow"),
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[1].connection"),
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[2].with.url"),
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[3].with.url"),
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[4].with.url"),
                org.assertj.core.groups.Tuple.tuple("NOT_EVALUATED", "steps[9].flow"),
                // a '${' never closed is no template, just text that names no flow (no connection)
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[10].flow"),
                org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[11].connection"));
        assertThat(r.warnings().get(0).message()).isEqualTo("'Bad_Id' is not a flow id (lower-case letters, digits and"
                + " '-', starting with a letter or digit; at most 100 characters), so no flow has it and the step always fails");
        assertThat(r.warnings().get(2).message()).isEqualTo("'ftp://example.com/x' is not an http(s) URL, so the step"
                + " always fails; connector: http needs an absolute http:// or https:// URL");
    }

    @Test
    void anEscapeInAFieldThatIsNotEvaluatedStaysAsWrittenSoItNamesNoFlowOrConnection() {
        FlowDsl.Result r = yaml("""
                id: escaped
                steps:
                  - { id: a, type: call-flow, flow: "$${x}" }
                  - { id: b, type: connector-call, connection: "erp-$${env}" }
                  - { id: c, type: connector-call, with: { url: "http://erp/$${x}" } }
                  - { id: ok, type: connector-call, with: { url: "http://erp/x?q=$$" } }
                """);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path).containsExactly(
                tuple("ALWAYS_FAILS", "steps[0].flow"),
                tuple("ALWAYS_FAILS", "steps[1].connection"),
                // with is evaluated: the escape gives '${', which no URL holds
                tuple("ALWAYS_FAILS", "steps[2].with.url"));
        assertThat(r.warnings().get(0).message()).isEqualTo("'$${x}' is not a flow id (lower-case letters, digits and"
                + " '-', starting with a letter or digit; at most 100 characters), so no flow has it and the step always"
                + " fails ($${ is no escape here: this field is not evaluated, so its text is used as written)");
        assertThat(r.warnings().get(2).message()).startsWith("'http://erp/${x}' is not a URL (");
    }

    @Test
    void aDollarBraceNeverClosedInAFieldThatIsNotEvaluatedIsAWarningThatItStaysText() {
        FlowDsl.Result r = yaml("""
                id: unclosed
                vars: { base: "${oops", plain: "costs 5", "my base": "${input.base}", none: "${}" }
                steps:
                  - { id: down, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: "down for ${input.id" } }
                  - { id: f, type: call-flow, flow: "orders-${input.kind" }
                """);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path).containsExactly(
                tuple("NOT_EVALUATED", "vars.base"),
                tuple("NOT_EVALUATED", "vars[\"my base\"]"),
                tuple("NOT_EVALUATED", "vars.none"),
                tuple("NOT_EVALUATED", "steps[0].error.message"),
                // the text names no flow: the more telling warning, alone
                tuple("ALWAYS_FAILS", "steps[1].flow"));
        String vars = " (vars are constants; compute a value in a step, or pass it in the input)";
        assertThat(r.warnings()).extracting(Problem::message).startsWith(
                "this field is not evaluated: '${oops' is kept as text, as written" + vars,
                "this field is not evaluated: '${input.base}' is kept as text, as written" + vars,
                "this field is not evaluated: '${}' is kept as text, as written" + vars,
                "this field is not evaluated: '${input.id' is kept as text, as written");
    }

    @Test
    void aDollarBraceInAKeyIsAWarningThatKeysAreNeverEvaluated() {
        FlowDsl.Result r = yaml("""
                id: keys
                vars: { "${env}": 1 }
                steps:
                  - { id: t, type: transform, set: { "${input.key}": 1, "price $${x}": 2, plain: { "${input.k2": 3 } } }
                  - { id: c, type: connector-call, with: { url: "http://erp/x", headers: { "X-${input.h}": "1" } } }
                  - { id: u, type: transform, set: { a: 1 }, "${oops}": 1 }
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::path)
                .containsExactly(tuple("UNKNOWN_FIELD", "steps[2][\"${oops}\"]"));
        assertThat(r.warnings()).extracting(Problem::code, Problem::path).containsExactly(
                tuple("NOT_EVALUATED", "vars[\"${env}\"]"),
                tuple("NOT_EVALUATED", "steps[0].set[\"${input.key}\"]"),
                tuple("NOT_EVALUATED", "steps[0].set.plain[\"${input.k2\"]"),
                tuple("NOT_EVALUATED", "steps[1].with.headers[\"X-${input.h}\"]"));
        assertThat(r.warnings().get(1).message()).isEqualTo("this key is not evaluated: '${input.key}' is kept in the"
                + " field's name, as written (keys are never templated; to compute one, write the whole object as one"
                + " expression, e.g. \"${ {[input.kind]: input.value} }\")");
    }

    @Test
    void anEmptyBlockOfAControlStepIsAWarningThatNothingRunsNotAProblem() {
        FlowDsl.Result r = yaml("""
                id: empty-blocks
                steps:
                  - { id: route, type: choice, when: [] }
                  - { id: routeElse, type: choice, when: [], otherwise: [ { id: always, type: delay, duration: 1ms } ] }
                  - { id: both, type: parallel, branches: {} }
                  - { id: each, type: foreach, items: "${input.items}", steps: [] }
                  - { id: guarded, type: try, steps: [], catch: [ { id: never, type: delay, duration: 1ms } ] }
                  - id: fine
                    type: choice
                    when: [ { if: "${input.skip}", steps: [] } ]
                    otherwise: []
                  - { id: swallow, type: try, steps: [ { id: risky, type: delay, duration: 1ms } ], catch: [] }
                  - { id: halves, type: parallel, branches: { a: [], b: [ { id: work, type: delay, duration: 1ms } ] } }
                """);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("EMPTY_BLOCK", "steps[0].when", 3),
                org.assertj.core.groups.Tuple.tuple("EMPTY_BLOCK", "steps[1].when", 4),
                org.assertj.core.groups.Tuple.tuple("EMPTY_BLOCK", "steps[2].branches", 5),
                org.assertj.core.groups.Tuple.tuple("EMPTY_BLOCK", "steps[3].steps", 6),
                org.assertj.core.groups.Tuple.tuple("EMPTY_BLOCK", "steps[4].steps", 7));
        assertThat(r.warnings()).extracting(Problem::message).containsExactly(
                "when is empty, so nothing runs: the step's output is its input; add steps, or remove the choice step",
                "when is empty, so no branch is ever taken: the otherwise steps always run; add steps, or remove the choice step",
                "branches is empty, so nothing runs: the step's output is {}; add steps, or remove the parallel step",
                "steps is empty, so nothing runs for the elements: the step's output is its items as they are; add steps,"
                        + " or remove the foreach step",
                "steps is empty, so nothing runs, and its catch steps never do: the step's output is its input; add steps,"
                        + " or remove the try step");

        FlowDsl.Result top = yaml("id: nothing-yet\nsteps: []\n");
        assertThat(top.valid()).isTrue();
        assertThat(top.warnings()).as("a flow's own steps may be empty, as documented").isEmpty();
    }

    @Test
    void aYamlMergeKeyIsSaidToBeUnsupportedWhereverItIsWritten() {
        FlowDsl.Result r = yaml("""
                id: merge
                steps:
                  - id: a
                    type: connector-call
                    with: &common { url: "http://erp/orders", method: POST }
                  - id: b
                    type: connector-call
                    connection: erp
                    <<: { acceptStatus: [404] }
                  - id: c
                    type: connector-call
                    with:
                      <<: *common
                      url: http://erp/refunds
                  - id: d
                    type: transform
                    set:
                      <<: { a: 1 }
                      b: 2
                """);
        String hint = "(a YAML merge key, which Flows does not support: repeat the fields here, or keep what several"
                + " steps share in vars (${vars.name}) or in a connection profile)";
        assertThat(r.problems()).extracting(Problem::code, Problem::path, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_FIELD", "steps[1][\"<<\"]", "unknown field '<<' " + hint),
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_FIELD", "steps[2].with[\"<<\"]", "unknown field '<<' " + hint));
        assertThat(r.warnings()).extracting(Problem::code, Problem::path, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("MERGE_KEY", "steps[3].set[\"<<\"]", 18));
        assertThat(r.warnings().get(0).message()).startsWith("'<<' is a YAML merge key, which Flows does not support:"
                + " this value gets a field named '<<' holding the merged mapping, not its fields; repeat the fields here");

        FlowDsl.Result fromJson = json("""
                {"id": "k", "steps": [{"id": "s", "type": "transform", "set": {"<<": 1}}]}""");
        assertThat(fromJson.warnings()).as("JSON has no merge keys: '<<' is a key like any other").isEmpty();
    }

    @Test
    void aQuotedLessLessKeyIsAPlainKeyNotAMergeKey() {
        FlowDsl.Result r = yaml("""
                id: quoted
                steps:
                  - id: a
                    type: transform
                    set: { "<<": 1, '<<x': 2 }
                  - id: b
                    type: transform
                    set:
                      '<<': 3
                  - id: c
                    type: connector-call
                    with: { url: "http://erp/orders", "<<": 4 }
                """);
        assertThat(r.warnings()).extracting(Problem::code).doesNotContain("MERGE_KEY");
        assertThat(r.problems()).extracting(Problem::code, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("UNKNOWN_FIELD", "unknown field '<<'"));
    }

    @Test
    void everySampleValidatesWithoutProblemsOrWarnings() throws java.io.IOException {
        List<java.nio.file.Path> samples;
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("../samples"))) {
            samples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThan(10);
        for (java.nio.file.Path f : samples) {
            FlowDsl.Result r = dsl.read(java.nio.file.Files.readAllBytes(f), Format.fromFileName(f.toString()));
            assertThat(r.problems()).as("problems of %s", f).isEmpty();
            assertThat(r.warnings()).as("warnings of %s", f).isEmpty();
        }
    }

    @Test
    void yamlKeepsNelAndTheLineAndParagraphSeparatorsAsOrdinaryCharactersAsYaml12Does() {
        for (String c : List.of("\u0085", "\u2028", "\u2029")) {
            FlowDsl.Result r = yaml("id: a\n"
                    + "name: x" + c + "y\n"
                    + "description: |\n  one" + c + "two\n  three\n"
                    + "vars: {dq: \"p" + c + "q\", sq: 'r" + c + "s', k" + c + "ey: 1}\n"
                    + "steps:\n  - id: 1x  # a comment" + c + "still the comment\n    type: delay\n    duration: 1s\n");
            assertThat(r.problems()).as("U+%04X", (int) c.charAt(0)).extracting(Problem::toString).containsExactly(
                    "steps[0].id: '1x' is not a step id (a JavaScript identifier: letters, digits and '_', not starting"
                            + " with a digit) (line 8, column 9)");
            var root = r.document().root();
            assertThat(root.path("name").asText()).isEqualTo("x" + c + "y");
            assertThat(root.path("description").asText()).isEqualTo("one" + c + "two\nthree\n");
            assertThat(root.path("vars").path("dq").asText()).isEqualTo("p" + c + "q");
            assertThat(root.path("vars").path("sq").asText()).isEqualTo("r" + c + "s");
            assertThat(root.path("vars").path("k" + c + "ey").asInt()).isEqualTo(1);
        }
        // written as an escape in a double-quoted text it is the character too, as is a private-use one
        FlowDsl.Result escaped = yaml("id: a\nname: \"\\N\\L\\P \\uE000\u2028\uE001\"\nsteps: []\n");
        assertThat(escaped.problems()).isEmpty();
        assertThat(escaped.document().root().path("name").asText()).isEqualTo("\u0085\u2028\u2029 \uE000\u2028\uE001");
        FlowDsl.Result longEscape = yaml("id: a\nname: \"\\U0000E000\u0085\"\nsteps: []\n");
        assertThat(longEscape.document().root().path("name").asText()).isEqualTo("\uE000\u0085");

        StringBuilder everyPrivateUse = new StringBuilder("id: a\nname: x\u0085y\n#");
        for (int c = 0xE000; c <= 0xF8FF; c++) {
            everyPrivateUse.append(String.format(" \\u%04X", c));
        }
        assertThat(yaml(everyPrivateUse + "\nsteps: []\n").problems()).extracting(Problem::toString).containsExactly(
                "the document holds NEL, U+2028 or U+2029 and nearly every private-use character (U+E000 to U+F8FF),"
                        + " which Flows cannot read together in YAML; send it as JSON");
    }

    @Test
    void aJsonTextHoldingNelOrTheSeparatorsKeepsThemAndOneOutsideATextIsAnErrorOnItsLine() {
        FlowDsl.Result r = json("{\"id\": \"a\", \"name\": \"x\u0085y\u2028z\u2029\", \"steps\": []}");
        assertThat(r.problems()).isEmpty();
        assertThat(r.document().root().path("name").asText()).isEqualTo("x\u0085y\u2028z\u2029");
        assertThat(json("{\"id\": \"a\",\n\u2028\"steps\": []}").problems())
                .extracting(Problem::code, Problem::line, Problem::column).containsExactly(tuple("PARSE_ERROR", 2, 1));
    }

    @Test
    void columnsCountCharactersAsAnEditorDoesInJsonAsInYaml() {
        String doc = "{\"id\":\"a\",\"name\":\"\uD83D\uDE00\uD83D\uDE00\",\"steps\":[{\"id\":\"1x\",\"type\":\"delay\",\"duration\":\"1s\"}]}";
        assertThat(json(doc).problems()).extracting(Problem::code, Problem::line, Problem::column)
                .containsExactly(tuple("BAD_STEP_ID", 1, 38));
        assertThat(yaml(doc).problems()).extracting(Problem::code, Problem::line, Problem::column)
                .containsExactly(tuple("BAD_STEP_ID", 1, 38));
        assertThat(json("{\"id\":\"a\",\"name\":\"\uD83D\uDE00\",\r\n \"steps\":[{\"id\":\"1x\",\"type\":\"delay\","
                + " \"duration\":\"1s\"}, {\"id\": \"\uD83D\uDE00\uD83D\uDE00\", \"type\":\"delay\",\"duration\":\"1s\"}]}").problems())
                .extracting(Problem::code, Problem::line, Problem::column)
                .containsExactly(tuple("BAD_STEP_ID", 2, 17), tuple("BAD_STEP_ID", 2, 63));
        assertThat(json("{\"id\":\"\uD83D\uDE00\",\"id\":\"b\"}").problems())
                .extracting(Problem::code, Problem::column).containsExactly(tuple("DUPLICATE_KEY", 11));
        assertThat(json("{\"id\":\"\uD83D\uDE00\",x}").problems())
                .extracting(Problem::code, Problem::column).containsExactly(tuple("PARSE_ERROR", 11));
        // a merge key after an emoji is still known as one
        assertThat(yaml("id: a\nvars: {\uD83D\uDE00: 1, <<: {b: 1}, c: {\uD83D\uDE00: 2, \"<\": 3, <<: {d: 1}}}\nsteps: []\n")
                .warnings()).extracting(Problem::code, Problem::path, Problem::column).containsExactly(
                        tuple("MERGE_KEY", "vars[\"<<\"]", 18), tuple("MERGE_KEY", "vars.c[\"<<\"]", 48));
    }

    @Test
    void aStepThatIsNoObjectIsOneProblemSayingWhatItIs() {
        assertThat(yaml("id: a\nsteps: [[{id: x, type: delay, duration: 1s}], hello]\n").problems())
                .extracting(Problem::toString).containsExactly(
                        "steps[0]: a step must be an object with id and type, not a list (line 2, column 9)",
                        "steps[1]: a step must be an object with id and type, not the string 'hello' (line 2, column 47)");
        assertThat(yaml("""
                id: a
                steps:
                  - id: each
                    type: foreach
                    items: ${[1]}
                    steps:
                      - - id: x
                          type: delay
                          duration: 1s
                """).problems()).extracting(Problem::code, Problem::path, Problem::message).containsExactly(
                tuple("WRONG_TYPE", "steps[0].steps[0]", "a step must be an object with id and type, not a list"));
    }

    @Test
    void aRetryDelayAboveItsMaxDelayIsWarnedAboutAsNeverWaited() {
        FlowDsl.Result r = yaml("""
                id: a
                steps:
                  - id: push
                    type: connector-call
                    connector: http
                    with: {url: 'http://localhost/x'}
                    retry: {maxAttempts: 3, delay: 2s, maxDelay: 1s}
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).extracting(Problem::toString).containsExactly("steps[0].retry.delay: 2s is more than"
                + " maxDelay (1s), which caps every wait, so each wait is 1s and this delay is not used (lower it, or"
                + " raise maxDelay) (line 7, column 36)");
        assertThat(r.warnings()).extracting(Problem::code).containsExactly("IGNORED_FIELD");
        assertThat(yaml("id: a\nsteps:\n  - {id: w, type: delay, duration: 1s, retry: {delay: 1s, maxDelay: 1s}}\n")
                .warnings()).isEmpty();
        assertThat(yaml("id: a\nsteps:\n  - {id: w, type: delay, duration: 1s, retry: {maxDelay: 100ms}}\n")
                .warnings()).as("the default delay capped is what maxDelay asks").isEmpty();
    }

    @Test
    void theTooDeepMessageIsTheOneTheDocsShow() throws java.io.IOException {
        String deep = "{\"id\":\"a\",\"vars\":" + "[".repeat(70) + "]".repeat(70) + "}";
        Problem p = json(deep).problems().get(0);
        assertThat(p.toString()).isEqualTo("nesting depth exceeds 64 (line 1, column 82)");
        java.nio.file.Path module = java.nio.file.Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        assertThat(java.nio.file.Files.readString(module.resolve("../docs/dsl.md")))
                .contains("| `TOO_DEEP` | `" + p.message() + "` ");
    }

    @Test
    void aDocumentThatIsNotUtf8SaysWhereAndThatFlowsAreReadAsUtf8Only() {
        java.io.ByteArrayOutputStream latin1 = new java.io.ByteArrayOutputStream();
        latin1.writeBytes("id: a\r\nname: \uD83D\uDE00 caf".getBytes(StandardCharsets.UTF_8));
        latin1.write(0xE9); // é in Latin-1
        latin1.writeBytes("\nsteps: []\n".getBytes(StandardCharsets.UTF_8));
        assertThat(dsl.read(latin1.toByteArray(), Format.YAML).problems()).extracting(Problem::toString).containsExactly(
                "the document is not valid UTF-8 text: the byte 0xE9 here is no UTF-8 character; flow documents are"
                        + " read as UTF-8 only (save the file as UTF-8) (line 2, column 12)");
    }
}
