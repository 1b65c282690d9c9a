package io.flows.engine.notify;

import io.flows.engine.support.TestDatabase;

/** Outgoing notifications on PostgreSQL (skipped loudly without one, failed with CI=true). */
class PostgresNotificationsTest extends AbstractNotificationsTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
