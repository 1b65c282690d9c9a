package io.flows.dsl.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreeNamesTest {

    private static List<String> free(String source) {
        return FreeNames.in(source).stream().map(FreeNames.Name::name).toList();
    }

    @Test
    void pathsReadOnlyTheirFirstName() {
        assertThat(free("input.order.total")).containsExactly("input");
        assertThat(free("steps['push'].output?.body?.[input.key] ?? null")).containsExactly("steps", "input");
        assertThat(free("inptu.x + Math.round(input.a / 2)")).containsExactly("inptu", "Math", "input");
    }

    @Test
    void objectKeysAreNotReadButShorthandAndSpreadValuesAre() {
        assertThat(free(" { orderId: trigger.body.orderId, total, ...steps.total.output, 'a b': vars.x } "))
                .containsExactly("trigger", "total", "steps", "vars");
        assertThat(free("input.ok ? fast : slow")).containsExactly("input", "fast", "slow");
        assertThat(free("{ k: input.ok ? fast : slow }")).containsExactly("input", "fast", "slow");
    }

    @Test
    void namesTheExpressionBindsAreNotFree() {
        assertThat(free("steps.each.output.filter(o => o.erpStatus === 'accepted').length")).containsExactly("steps");
        assertThat(free("input.items.reduce((s, {qty, price = dflt}) => s + qty * price, 0)")).containsExactly("input");
        assertThat(free("(function (x) { const y = x * 2; let [a, b] = [y, z]; return a + b; })(input)"))
                .containsExactly("z", "input");
        assertThat(free("(() => { try { return JSON.parse(input.raw); } catch (e) { return e.message; } })()"))
                .containsExactly("JSON", "input");
    }

    @Test
    void stringsCommentsRegularExpressionsAndKeywordsAreNotNames() {
        assertThat(free("'inptu.x' + \"steps\" /* vars */ + input // trigger")).containsExactly("input");
        assertThat(free("/ab+c/i.test(input.s) && input.n / total / 2")).containsExactly("input", "total");
        assertThat(free("typeof input === 'undefined' || input instanceof Object || null || this || new Date()"))
                .containsExactly("input", "Object", "Date");
        assertThat(free("0x1F + 1e-5 + 10n + .5 + input?.x")).containsExactly("input");
        assertThat(free("#secret in input")).containsExactly("input");
    }

    @Test
    void expressionsInsideTemplateLiteralsAreRead() {
        assertThat(free("`${input.id}: ${ {a: vars.b}.a } ${`${nested}`} costs $${price}`"))
                .containsExactly("input", "vars", "nested", "price");
    }

    @Test
    void textThatDoesNotParseGivesAnAnswerAndNoException() {
        assertThat(free("input.a +")).containsExactly("input");
        assertThat(free("'unclosed")).isEmpty();
        assertThat(free("`${input")).containsExactly("input");
        assertThat(free(") => ( [ {")).isEmpty();
    }
}
