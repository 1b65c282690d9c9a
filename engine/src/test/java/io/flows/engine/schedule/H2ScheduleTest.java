package io.flows.engine.schedule;

import io.flows.engine.support.TestDatabase;

class H2ScheduleTest extends AbstractScheduleTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
