package io.flows.engine.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of outgoing notifications ({@code flows.notifications.*}, {@code FLOWS_NOTIFICATIONS_*}). */
@ConfigurationProperties("flows.notifications")
public class NotificationsConfig {

    /** The Standard Webhooks / Svix schedule with its last wait cut to 6 h: 8 attempts within 24 hours. */
    static final List<Duration> SVIX_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(6));

    private boolean enabled = true;
    private List<Duration> backoff = new ArrayList<>(SVIX_SCHEDULE);
    private Duration timeout = Duration.ofSeconds(15);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofSeconds(1);
    private int concurrency = 8;
    private int concurrencyPerSubscription = 2;
    private List<String> allowHosts = new ArrayList<>();
    private List<String> denyHosts = new ArrayList<>();
    private boolean allowPrivateNetworks = true;
    private Duration secretRotationGrace = Duration.ofHours(24);
    private Duration retention = Duration.ofDays(30);
    private String publicUrl = "";

    /** Off: deliveries are still recorded, but this node sends none. */
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    /** The wait before each retry; the first attempt is at once, so there are {@code backoff.size() + 1} attempts. */
    public List<Duration> getBackoff() { return backoff; }
    public void setBackoff(List<Duration> backoff) { this.backoff = backoff; }
    /** The deadline of one attempt, connection included. */
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    /** How often the outbox is read when nothing wakes the sender earlier (one indexed query each time). */
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    /** Attempts in flight at once on this node. */
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
    /**
     * Attempts in flight at once on this node for one subscription, within {@link #getConcurrency()}: a receiver that
     * answers slowly or not at all holds at most these, and the other subscriptions' deliveries go on.
     */
    public int getConcurrencyPerSubscription() { return concurrencyPerSubscription; }
    public void setConcurrencyPerSubscription(int concurrencyPerSubscription) {
        this.concurrencyPerSubscription = concurrencyPerSubscription;
    }
    /** Host patterns receivers may have (empty: any); link-local and cloud-metadata addresses are always denied. */
    public List<String> getAllowHosts() { return allowHosts; }
    public void setAllowHosts(List<String> allowHosts) { this.allowHosts = allowHosts; }
    public List<String> getDenyHosts() { return denyHosts; }
    public void setDenyHosts(List<String> denyHosts) { this.denyHosts = denyHosts; }
    /** Whether loopback and private networks may receive (true: the local sandbox and tests need it). */
    public boolean isAllowPrivateNetworks() { return allowPrivateNetworks; }
    public void setAllowPrivateNetworks(boolean allowPrivateNetworks) { this.allowPrivateNetworks = allowPrivateNetworks; }
    /** How long the previous secret keeps signing (as a second signature) after a rotation. */
    public Duration getSecretRotationGrace() { return secretRotationGrace; }
    public void setSecretRotationGrace(Duration secretRotationGrace) { this.secretRotationGrace = secretRotationGrace; }
    /** Ended deliveries and their attempts older than this are deleted. */
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }
    /** Prefix of the execution link in a payload (e.g. {@code https://flows.example.com}); empty: a relative link. */
    public String getPublicUrl() { return publicUrl; }
    public void setPublicUrl(String publicUrl) { this.publicUrl = publicUrl; }
}
