package io.flows.engine.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Settings of the secret store ({@code flows.secrets.*}): the master key that encrypts stored values, and the
 * one it replaces while a rotation is under way. Both are the base64 of 32 random bytes.
 */
@ConfigurationProperties("flows.secrets")
public class SecretsConfig {

    private String masterKey;
    private String previousMasterKey;

    /** {@code FLOWS_MASTER_KEY}; without it only environment secrets exist. */
    public String getMasterKey() { return masterKey; }
    public void setMasterKey(String masterKey) { this.masterKey = masterKey; }
    /** {@code FLOWS_MASTER_KEY_PREVIOUS}: values it opens are encrypted again with the master key at start. */
    public String getPreviousMasterKey() { return previousMasterKey; }
    public void setPreviousMasterKey(String previousMasterKey) { this.previousMasterKey = previousMasterKey; }
}
