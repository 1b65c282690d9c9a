package io.flows.engine.secrets;

import java.util.Map;

/** The environment variables secrets are read from: the process's own, replaced in tests. */
@FunctionalInterface
public interface ProcessEnvironment {

    Map<String, String> variables();
}
