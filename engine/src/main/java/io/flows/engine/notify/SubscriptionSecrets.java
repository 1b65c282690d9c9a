package io.flows.engine.notify;

import io.flows.engine.FlowsConfig;
import io.flows.engine.secrets.SealedColumns;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets that sign a subscription's notifications, sealed in the database with the master key when one is set
 * ({@link SealedColumns}): whoever reads the database without the key cannot sign as Flows. At start, secrets
 * stored in clear (before a key was set) or sealed with the previous key are sealed with the current one.
 */
@Singleton
class SubscriptionSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionSecrets.class);

    private final SealedColumns columns;
    private final SubscriptionRepository subscriptions;
    private final FlowsConfig flows;

    SubscriptionSecrets(SealedColumns columns, SubscriptionRepository subscriptions, FlowsConfig flows) {
        this.columns = columns;
        this.subscriptions = subscriptions;
        this.flows = flows;
    }

    /**
     * The row as it is to be stored: both secrets sealed, when a master key is set. A previous secret that no key
     * opens is dropped: it could not sign any more, and a rotation is how such a subscription is mended.
     */
    SubscriptionRow sealed(SubscriptionRow row) {
        String previous = null;
        if (row.previousSecret() != null) {
            try {
                previous = seal(row, row.previousSecret());
            } catch (SealedColumns.Unreadable e) {
                LOG.warn("subscription {}: the previous secret is dropped: {}", row.id(), e.getMessage());
            }
        }
        return new SubscriptionRow(row.id(), row.url(), row.events(), row.flowId(), row.description(),
                seal(row, row.secret()), previous, previous == null ? null : row.previousSecretUntil(), row.enabled(),
                row.disabledReason(), row.createdAt(), row.updatedAt());
    }

    /**
     * The row with both secrets in clear, to sign with.
     *
     * @throws SealedColumns.Unreadable when a stored secret does not open with the configured keys
     */
    SubscriptionRow opened(SubscriptionRow row) {
        return new SubscriptionRow(row.id(), row.url(), row.events(), row.flowId(), row.description(), secret(row),
                previousSecret(row), row.previousSecretUntil(), row.enabled(), row.disabledReason(), row.createdAt(),
                row.updatedAt());
    }

    /** @throws SealedColumns.Unreadable when the stored secret does not open with the configured keys */
    String secret(SubscriptionRow row) {
        return columns.open(context(row), row.secret());
    }

    /** @throws SealedColumns.Unreadable when the stored secret does not open with the configured keys */
    String previousSecret(SubscriptionRow row) {
        return row.previousSecret() == null ? null : columns.open(context(row), row.previousSecret());
    }

    /** Tools that open a stopped service's database (export, import) leave the rows as they are. */
    @EventListener
    void onStartup(StartupEvent event) {
        if (!flows.isRecover()) {
            return;
        }
        int sealed = 0;
        for (SubscriptionRow row : subscriptions.findAll()) {
            try {
                sealed += sealStored(row, row.secret(), false) + sealStored(row, row.previousSecret(), true);
            } catch (SealedColumns.Unreadable e) {
                LOG.error("subscription {}: {}; its notifications fail until it does (or rotate its secret)", row.id(),
                        e.getMessage());
            }
        }
        if (sealed > 0) {
            LOG.info("{} subscription secrets were sealed with FLOWS_MASTER_KEY", sealed);
        }
    }

    /** Stores the value sealed with the current key unless it already is; a concurrent change of it wins. */
    private int sealStored(SubscriptionRow row, String stored, boolean previous) {
        Optional<String> fresh = columns.resealed(context(row), stored);
        if (fresh.isEmpty()) {
            return 0;
        }
        return previous ? subscriptions.replacePreviousSecret(row.id(), stored, fresh.get())
                : subscriptions.replaceSecret(row.id(), stored, fresh.get());
    }

    private String seal(SubscriptionRow row, String value) {
        return columns.resealed(context(row), value).orElse(value);
    }

    private static String context(SubscriptionRow row) {
        return "subscription " + row.id();
    }
}
