package io.flows.engine.schedule;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.model.Trigger;
import io.flows.dsl.validate.Problem;
import java.util.List;

/**
 * The check of a schedule trigger's cron with the parser that fires it, so validation and firing
 * cannot disagree. It lives here rather than in flow-dsl because that parser is Micronaut's, which
 * the language module does not depend on; flow-dsl checks the field count and the time zone.
 */
public final class CronCheck {

    private CronCheck() {
    }

    /** {@code result} as it was, or invalid with an INVALID_VALUE at {@code trigger.cron}. */
    public static FlowDsl.Result check(FlowDsl.Result result) {
        if (!result.valid() || result.flow().trigger().type() != Trigger.Type.SCHEDULE) {
            return result;
        }
        Trigger t = result.flow().trigger();
        try {
            CronSchedule.parse(t.cron(), t.timezone());
            return result;
        } catch (IllegalArgumentException e) {
            Problem p = Problem.at("INVALID_VALUE", "trigger.cron", e.getMessage())
                    .located(result.document().locate("trigger.cron"));
            return result.invalid(List.of(p));
        }
    }
}
