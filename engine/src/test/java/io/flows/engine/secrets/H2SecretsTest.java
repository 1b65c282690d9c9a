package io.flows.engine.secrets;

import io.flows.engine.support.TestDatabase;

/** Secrets end to end on H2. */
class H2SecretsTest extends AbstractSecretsTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
