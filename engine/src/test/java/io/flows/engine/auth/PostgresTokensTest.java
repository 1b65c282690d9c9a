package io.flows.engine.auth;

import io.flows.engine.support.TestDatabase;

/** API tokens on PostgreSQL (skipped loudly without one, failing with {@code CI=true}). */
class PostgresTokensTest extends AbstractTokensTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
