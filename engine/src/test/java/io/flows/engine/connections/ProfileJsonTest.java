package io.flows.engine.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.runtime.Jsons;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stored connection profiles as the run time reads them. */
class ProfileJsonTest {

    @Test
    void aTimeoutStoredWithSpacesAroundItBeforeSavesRefusedThemStillLoads() {
        var profile = ProfileJson.toRuntime("erp", "sandbox",
                Jsons.read("{\"baseUrl\": \"http://127.0.0.1:9/erp\", \"timeout\": \" 10s \"}"));
        assertThat(profile.timeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
