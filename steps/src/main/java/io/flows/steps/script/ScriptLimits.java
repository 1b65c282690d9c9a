package io.flows.steps.script;

import java.time.Duration;
import java.util.Objects;

/**
 * The budgets every script and expression runs under.
 *
 * @param cpuDeadline           CPU time one evaluation may use (wall time is capped at four times this)
 * @param allocationBudgetBytes bytes the evaluating thread may allocate during one evaluation; also the
 *                              largest ArrayBuffer or typed array a script may create
 * @param maxLogLines           console lines kept per evaluation; the rest is counted in a final marker line
 * @param maxLogLineChars       characters kept per console line
 * @param maxStringLength       the longest string built-ins such as {@code repeat}, {@code padEnd} or
 *                              {@code join} may create in one call
 * @param maxArrayLength        the longest array built-ins may create or walk in one call
 * @param maxOutputChars        the largest JSON text a result (or {@code JSON.stringify}) may produce
 * @param maxPooledContexts     idle sandbox contexts kept for reuse; 0 creates a fresh context per evaluation
 */
public record ScriptLimits(
        Duration cpuDeadline,
        long allocationBudgetBytes,
        int maxLogLines,
        int maxLogLineChars,
        long maxStringLength,
        long maxArrayLength,
        long maxOutputChars,
        int maxPooledContexts) {

    private static final long MB = 1024L * 1024L;

    public ScriptLimits {
        Objects.requireNonNull(cpuDeadline, "cpuDeadline");
        if (cpuDeadline.isNegative() || cpuDeadline.isZero()) {
            throw new IllegalArgumentException("cpuDeadline must be positive, got " + cpuDeadline);
        }
        requirePositive("allocationBudgetBytes", allocationBudgetBytes);
        requirePositive("maxLogLines", maxLogLines);
        requirePositive("maxLogLineChars", maxLogLineChars);
        requirePositive("maxStringLength", maxStringLength);
        requirePositive("maxArrayLength", maxArrayLength);
        requirePositive("maxOutputChars", maxOutputChars);
        if (maxPooledContexts < 0) {
            throw new IllegalArgumentException("maxPooledContexts must not be negative, got " + maxPooledContexts);
        }
    }

    /** 5 s CPU, 64 MB allocations, 100 log lines of 2,000 characters, 16 M characters per string. */
    public static ScriptLimits defaults() {
        long budget = 64 * MB;
        return new ScriptLimits(Duration.ofSeconds(5), budget, 100, 2000, budget / 4, budget / 8, budget / 4,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    public ScriptLimits withCpuDeadline(Duration deadline) {
        return new ScriptLimits(deadline, allocationBudgetBytes, maxLogLines, maxLogLineChars, maxStringLength,
                maxArrayLength, maxOutputChars, maxPooledContexts);
    }

    public ScriptLimits withAllocationBudgetBytes(long bytes) {
        return new ScriptLimits(cpuDeadline, bytes, maxLogLines, maxLogLineChars, maxStringLength,
                maxArrayLength, maxOutputChars, maxPooledContexts);
    }

    public ScriptLimits withLogLimits(int lines, int lineChars) {
        return new ScriptLimits(cpuDeadline, allocationBudgetBytes, lines, lineChars, maxStringLength,
                maxArrayLength, maxOutputChars, maxPooledContexts);
    }

    public ScriptLimits withMaxPooledContexts(int contexts) {
        return new ScriptLimits(cpuDeadline, allocationBudgetBytes, maxLogLines, maxLogLineChars, maxStringLength,
                maxArrayLength, maxOutputChars, contexts);
    }

    /**
     * The bytes converting a result to JSON may allocate, apart from the code's own budget: four times that budget (the
     * interpreter allocates about 750 bytes per number and 3 KB per small object converted; the text itself is bounded
     * by {@link #maxOutputChars}).
     */
    public long conversionBudgetBytes() {
        return 4 * allocationBudgetBytes;
    }

    /** The wall time one evaluation may take: on a shared CPU a runaway script could take long to use its CPU time. */
    public Duration wallTimeCap() {
        return cpuDeadline.multipliedBy(4);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
