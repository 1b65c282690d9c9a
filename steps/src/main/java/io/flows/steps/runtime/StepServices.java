package io.flows.steps.runtime;

import io.flows.steps.http.HttpConnector;
import io.flows.steps.script.ScriptEngine;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;

/**
 * What step kinds use at run time, shared by every execution of a node.
 *
 * @param workers   runs step work and continuations (scripts are CPU work; nothing here blocks on I/O)
 * @param timers    schedules delays, retries and timeouts; never runs step work itself
 * @param endpointCalls runs {@code uri:} calls to Camel endpoints, which may block their thread (a synchronous
 *                  component), away from the workers; a stopped attempt interrupts its call's thread
 * @param secrets   resolves {@code secrets.NAME} in connector settings
 * @param connections the node's named connections
 */
public record StepServices(CamelContext camel, ScriptEngine scripts, HttpConnector http,
                           ExecutorService workers, ScheduledExecutorService timers, ExecutorService endpointCalls,
                           Clock clock, FlowLauncher launcher, RuntimeSettings settings, SecretSource secrets,
                           ConnectionSource connections) {
}
