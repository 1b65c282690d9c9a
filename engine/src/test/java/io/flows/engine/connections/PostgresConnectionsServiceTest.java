package io.flows.engine.connections;

import io.flows.engine.support.TestDatabase;

/** Connections on PostgreSQL, two nodes on one database (skipped loudly without a server, failed with CI=true). */
class PostgresConnectionsServiceTest extends AbstractConnectionsServiceTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
