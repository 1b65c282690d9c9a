package io.flows.engine;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The service's own settings ({@code flows.*} in application.yml, {@code FLOWS_*} in the environment). */
@ConfigurationProperties("flows")
public class FlowsConfig {

    private String dataDir = "./data";
    private String environment = "sandbox";
    private int maxRequestBytes = 10 * 1024 * 1024;
    private int maxStepPayloadBytes = 256 * 1024;
    private Duration retention = Duration.ofDays(30);
    private Duration idempotencyRetention = Duration.ofHours(24);
    private int maxRunning = 10000;
    private long executionMemory;
    private long responseMemory;
    private boolean loadSamples = true;
    private boolean recover = true;
    private Map<String, String> vars = new LinkedHashMap<>();
    private int webhookMaxBodyBytes = 1024 * 1024;
    private Duration webhookTolerance = Duration.ofMinutes(5);
    private int webhookWorkers = 8;
    private Duration webhookDedupeWindow = Duration.ofDays(7);
    private double webhookRateLimit = 1000;
    private String nodeId;
    private Duration nodeHeartbeat = Duration.ofSeconds(5);
    private Duration nodeTimeout = Duration.ofSeconds(30);
    private Duration stepCheckpointInterval = Duration.ofSeconds(2);
    private int workers;
    private Duration scriptCpuDeadline = Duration.ofSeconds(5);

    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String environment) { this.environment = environment; }
    public int getMaxRequestBytes() { return maxRequestBytes; }
    public void setMaxRequestBytes(int maxRequestBytes) { this.maxRequestBytes = Settings.positive("flows.max-request-bytes", maxRequestBytes); }
    public int getMaxStepPayloadBytes() { return maxStepPayloadBytes; }
    public void setMaxStepPayloadBytes(int maxStepPayloadBytes) { this.maxStepPayloadBytes = Settings.positive("flows.max-step-payload-bytes", maxStepPayloadBytes); }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = Settings.positive("flows.retention", retention); }
    public Duration getIdempotencyRetention() { return idempotencyRetention; }
    public void setIdempotencyRetention(Duration idempotencyRetention) { this.idempotencyRetention = Settings.positive("flows.idempotency-retention", idempotencyRetention); }
    /** Threads that run step work (scripts, expressions, step logic); 0 or less: twice the cores, at least 4. */
    public int getWorkers() { return workers; }
    public void setWorkers(int workers) { this.workers = workers; }
    /** CPU time one script or expression may use before it fails with SCRIPT_TIMEOUT. */
    public Duration getScriptCpuDeadline() { return scriptCpuDeadline; }
    public void setScriptCpuDeadline(Duration scriptCpuDeadline) { this.scriptCpuDeadline = Settings.positive("flows.script-cpu-deadline", scriptCpuDeadline); }
    public int getMaxRunning() { return maxRunning; }
    public void setMaxRunning(int maxRunning) { this.maxRunning = Settings.positive("flows.max-running", maxRunning); }
    /**
     * Heap that running executions may hold, estimated from their triggers' size (see ExecutionMemory); those that
     * do not fit wait as QUEUED. 0 or less: a quarter of the maximum heap. Takes sizes like {@code 512MB}.
     */
    public long getExecutionMemory() { return executionMemory; }
    public void setExecutionMemory(@ReadableBytes long executionMemory) { this.executionMemory = executionMemory; }
    public long executionMemoryOrDefault() {
        return executionMemory > 0 ? executionMemory : Runtime.getRuntime().maxMemory() / 4;
    }
    /**
     * Heap that partners' answers may take on this node while they are read, parsed and kept by their executions
     * (estimated from each answer's bytes and JSON values); calls whose answers do not fit wait, up to their step's
     * timeout. 0 or less: a quarter of the maximum heap. Takes sizes like {@code 200MB}.
     */
    public long getResponseMemory() { return responseMemory; }
    public void setResponseMemory(@ReadableBytes long responseMemory) { this.responseMemory = responseMemory; }
    public boolean isLoadSamples() { return loadSamples; }
    public void setLoadSamples(boolean loadSamples) { this.loadSamples = loadSamples; }
    /** Off for tools that open the database of a stopped service (export, import): they must not run anything. */
    public boolean isRecover() { return recover; }
    public void setRecover(boolean recover) { this.recover = recover; }
    /** Node-wide overrides of flow {@code vars} (also {@code FLOWS_VAR_<name>} in the environment). */
    public Map<String, String> getVars() { return vars; }
    public void setVars(Map<String, String> vars) { this.vars = vars; }
    /** The largest webhook body accepted (413 above it). */
    public int getWebhookMaxBodyBytes() { return webhookMaxBodyBytes; }
    public void setWebhookMaxBodyBytes(int webhookMaxBodyBytes) { this.webhookMaxBodyBytes = Settings.positive("flows.webhook-max-body-bytes", webhookMaxBodyBytes); }
    /** How far a signed webhook's timestamp may be from now. */
    public Duration getWebhookTolerance() { return webhookTolerance; }
    public void setWebhookTolerance(Duration webhookTolerance) { this.webhookTolerance = Settings.positive("flows.webhook-tolerance", webhookTolerance); }
    /** Threads that hand stored deliveries to the engine. */
    public int getWebhookWorkers() { return webhookWorkers; }
    public void setWebhookWorkers(int webhookWorkers) { this.webhookWorkers = Settings.positive("flows.webhook-workers", webhookWorkers); }
    /** How long a delivery's webhook id (or idempotency key) makes a repeat a duplicate. */
    public Duration getWebhookDedupeWindow() { return webhookDedupeWindow; }
    public void setWebhookDedupeWindow(Duration webhookDedupeWindow) { this.webhookDedupeWindow = Settings.positive("flows.webhook-dedupe-window", webhookDedupeWindow); }
    /** Deliveries per second accepted on one webhook path (bursts up to the same number); 0: no limit. */
    public double getWebhookRateLimit() { return webhookRateLimit; }
    public void setWebhookRateLimit(double webhookRateLimit) { this.webhookRateLimit = Settings.notNegative("flows.webhook-rate-limit", webhookRateLimit); }
    /** This node's name among nodes sharing one database; default: host name and data folder. */
    public String getNodeId() { return nodeId; }
    public void setNodeId(String nodeId) { this.nodeId = nodeId; }
    /** How often this node tells the database it is alive. */
    public Duration getNodeHeartbeat() { return nodeHeartbeat; }
    public void setNodeHeartbeat(Duration nodeHeartbeat) { this.nodeHeartbeat = Settings.positive("flows.node-heartbeat", nodeHeartbeat); }
    /** A node silent for this long is presumed dead: another node takes its work over. */
    public Duration getNodeTimeout() { return nodeTimeout; }
    public void setNodeTimeout(Duration nodeTimeout) { this.nodeTimeout = Settings.positive("flows.node-timeout", nodeTimeout); }
    /**
     * How often the ended steps of executions running longer than this are stored while they run (a crash then
     * leaves their trace up to that point); quicker executions store their steps once, when they end.
     */
    public Duration getStepCheckpointInterval() { return stepCheckpointInterval; }
    public void setStepCheckpointInterval(Duration stepCheckpointInterval) { this.stepCheckpointInterval = Settings.positive("flows.step-checkpoint-interval", stepCheckpointInterval); }
}
