package io.flows.engine.notify;

import io.flows.engine.support.TestDatabase;

/** Outgoing notifications on the embedded H2 database. */
class H2NotificationsTest extends AbstractNotificationsTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
