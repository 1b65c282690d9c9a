package io.flows.engine.secrets;

import io.flows.engine.support.TestDatabase;

/** Secrets end to end on PostgreSQL (skipped loudly without one, failed with CI=true). */
class PostgresSecretsTest extends AbstractSecretsTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
