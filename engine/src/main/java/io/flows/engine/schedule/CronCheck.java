package io.flows.engine.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.validate.Problem;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * The check of a schedule trigger's cron with the parser that fires it, so validation and firing
 * cannot disagree. It lives here rather than in flow-dsl because that parser is Micronaut's, which
 * the language module does not depend on; flow-dsl checks the field count and the time zone.
 */
public final class CronCheck {

    private CronCheck() {
    }

    /**
     * {@code result} with an INVALID_VALUE at {@code trigger.cron} added when the cron does not parse or never fires;
     * also when the document has other problems (a wrong time zone, reported by flow-dsl, is checked as UTC here).
     */
    public static FlowDsl.Result check(FlowDsl.Result result) {
        JsonNode trigger = result.document() == null ? null : result.document().root().path("trigger");
        if (trigger == null || !trigger.path("type").asText().equals("schedule") || !trigger.path("cron").isTextual()
                || result.problems().stream().anyMatch(p -> "trigger.cron".equals(p.path()))) {
            return result;
        }
        try {
            CronSchedule.parse(trigger.get("cron").asText(), zoneOrNull(trigger.path("timezone")));
            return result;
        } catch (IllegalArgumentException e) {
            Problem p = Problem.at("INVALID_VALUE", "trigger.cron", e.getMessage())
                    .located(result.document().locate("trigger.cron"));
            return result.withProblems(List.of(p));
        }
    }

    private static String zoneOrNull(JsonNode zone) {
        if (!zone.isTextual()) {
            return null;
        }
        try {
            ZoneId.of(zone.asText());
            return zone.asText();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
