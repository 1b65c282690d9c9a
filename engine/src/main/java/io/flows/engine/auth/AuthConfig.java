package io.flows.engine.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Settings of API authentication ({@code flows.auth.*}; {@code FLOWS_AUTH}, {@code FLOWS_ADMIN_TOKEN} in the environment). */
@ConfigurationProperties("flows.auth")
public class AuthConfig {

    /** When {@code /api/**} needs a token. */
    public enum Mode {
        /** Once any API token exists (a fresh install is open, on 127.0.0.1 only). */
        AUTO,
        /** Always, even before the first token exists. */
        REQUIRED
    }

    private Mode mode = Mode.AUTO;
    private String adminToken;
    private boolean allowOpen;
    private int maxFailures = 10;
    private Duration failureWindow = Duration.ofMinutes(1);
    private Duration rotationGrace = Duration.ofHours(24);
    private Duration lastUsedResolution = Duration.ofMinutes(1);

    public Mode getMode() { return mode; }
    public void setMode(Mode mode) { this.mode = mode; }
    /** A token (in the token format) registered as an admin token at start if it is not stored yet. */
    public String getAdminToken() { return adminToken; }
    public void setAdminToken(String adminToken) { this.adminToken = adminToken; }
    /** Lets a node without authentication listen beyond 127.0.0.1 (logged loudly). */
    public boolean isAllowOpen() { return allowOpen; }
    public void setAllowOpen(boolean allowOpen) { this.allowOpen = allowOpen; }
    /** Failed authentications from one client address within {@link #getFailureWindow()} before it gets 429. */
    public int getMaxFailures() { return maxFailures; }
    public void setMaxFailures(int maxFailures) { this.maxFailures = maxFailures; }
    public Duration getFailureWindow() { return failureWindow; }
    public void setFailureWindow(Duration failureWindow) { this.failureWindow = failureWindow; }
    /** How long a rotated token keeps working when the rotate request names no grace period. */
    public Duration getRotationGrace() { return rotationGrace; }
    public void setRotationGrace(Duration rotationGrace) { this.rotationGrace = rotationGrace; }
    /** A token's last-used time is written at most this often (not on every request). */
    public Duration getLastUsedResolution() { return lastUsedResolution; }
    public void setLastUsedResolution(Duration lastUsedResolution) { this.lastUsedResolution = lastUsedResolution; }
}
