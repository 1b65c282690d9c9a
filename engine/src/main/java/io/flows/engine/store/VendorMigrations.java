package io.flows.engine.store;

import io.micronaut.context.annotation.Property;
import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Adds the migrations of the database in use ({@code db/vendor/h2} or {@code db/vendor/postgresql}) to the portable
 * ones in {@code db/migration}, for the few changes that differ between them (a column type that only H2 needs).
 */
@Singleton
@Named(VendorMigrations.DATASOURCE)
class VendorMigrations implements FlywayConfigurationCustomizer {

    static final String DATASOURCE = "default";

    private final String url;

    VendorMigrations(@Property(name = "datasources.default.url") String url) {
        this.url = url;
    }

    /** The folder name of the database behind a JDBC URL, or null for one without migrations of its own. */
    static String vendor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        return null;
    }

    @Override
    public void customizeFluentConfiguration(FluentConfiguration config) {
        String vendor = vendor(url);
        if (vendor == null) {
            return;
        }
        List<String> locations = new ArrayList<>();
        for (Location l : config.getLocations()) {
            locations.add(l.getDescriptor());
        }
        locations.add("classpath:db/vendor/" + vendor);
        config.locations(locations.toArray(String[]::new));
    }

    @Override
    public String getName() {
        return DATASOURCE;
    }
}
