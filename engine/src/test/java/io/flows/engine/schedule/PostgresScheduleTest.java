package io.flows.engine.schedule;

import io.flows.engine.support.TestDatabase;

class PostgresScheduleTest extends AbstractScheduleTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
