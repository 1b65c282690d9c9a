package io.flows.engine.secrets;

import java.util.Optional;

/** The master key of {@code flows.secrets}, and during a rotation the one it replaces. */
record MasterKeys(Optional<MasterKey> current, Optional<MasterKey> previous) {

    /** @throws IllegalArgumentException when a configured key is malformed: the service must not start so */
    static MasterKeys of(SecretsConfig config) {
        Optional<MasterKey> key = MasterKey.parse("FLOWS_MASTER_KEY (flows.secrets.master-key)", config.getMasterKey());
        Optional<MasterKey> previous = MasterKey.parse("FLOWS_MASTER_KEY_PREVIOUS (flows.secrets.previous-master-key)",
                config.getPreviousMasterKey());
        if (previous.isPresent() && key.isEmpty()) {
            throw new IllegalArgumentException("FLOWS_MASTER_KEY_PREVIOUS is set without FLOWS_MASTER_KEY: " + MasterKey.HOW_TO);
        }
        return new MasterKeys(key, previous);
    }
}
