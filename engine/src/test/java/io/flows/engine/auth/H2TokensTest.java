package io.flows.engine.auth;

import io.flows.engine.support.TestDatabase;

/** API tokens on the default database (H2). */
class H2TokensTest extends AbstractTokensTest {

    @Override
    protected TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
