package io.flows.engine.schedule;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Settings of the schedule trigger ({@code flows.schedules.*}, {@code FLOWS_SCHEDULES_*}). */
@ConfigurationProperties("flows.schedules")
public class ScheduleConfig {

    private boolean enabled = true;
    private Duration lease = Duration.ofSeconds(30);
    private Duration poll = Duration.ofSeconds(1);
    private Duration misfireThreshold = Duration.ofMinutes(1);

    /** Off: this node never serves schedules (other nodes still may). */
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    /** How long the serving node's lease lasts without renewal; another node takes over after it. */
    public Duration getLease() { return lease; }
    public void setLease(Duration lease) { this.lease = lease; }
    /** How often the serving node looks for due ticks (and renews its lease). */
    public Duration getPoll() { return poll; }
    public void setPoll(Duration poll) { this.poll = poll; }
    /** A tick found due later than this is missed (recorded as MISSED) rather than fired late. */
    public Duration getMisfireThreshold() { return misfireThreshold; }
    public void setMisfireThreshold(Duration misfireThreshold) { this.misfireThreshold = misfireThreshold; }
}
