package io.flows.engine.schedule;

import io.flows.engine.support.TestDatabase;

class PostgresScheduleRestartTest extends AbstractScheduleRestartTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
