package io.flows.engine.connections;

import io.flows.engine.support.TestDatabase;

/** Connections on the embedded H2 database, two nodes on one file. */
class H2ConnectionsServiceTest extends AbstractConnectionsServiceTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
