package io.flows.engine.schedule;

import io.flows.engine.support.TestDatabase;

class H2ScheduleRestartTest extends AbstractScheduleRestartTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
