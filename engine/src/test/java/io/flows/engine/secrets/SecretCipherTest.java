package io.flows.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final SecretCipher cipher = new SecretCipher();

    static String newKeyText() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static MasterKey key(String text) {
        return MasterKey.parse("FLOWS_MASTER_KEY", text).orElseThrow();
    }

    @Test
    void sealsAndOpensAValueWithAFreshNonceEachTime() throws Exception {
        MasterKey k = key(newKeyText());
        SecretCipher.Sealed a = cipher.seal(k, "ERP_TOKEN", "value-one-é");
        SecretCipher.Sealed b = cipher.seal(k, "ERP_TOKEN", "value-one-é");
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext()).doesNotContain("value");
        assertThat(cipher.open(k, "ERP_TOKEN", a)).isEqualTo("value-one-é");
        assertThat(Base64.getDecoder().decode(a.nonce())).hasSize(12);
    }

    @Test
    void refusesAnotherKeyInsteadOfAnsweringGarbage() {
        SecretCipher.Sealed sealed = cipher.seal(key(newKeyText()), "ERP_TOKEN", "value-one");
        assertThatThrownBy(() -> cipher.open(key(newKeyText()), "ERP_TOKEN", sealed))
                .isInstanceOf(SecretCipher.Unopenable.class)
                .hasMessageContaining("ERP_TOKEN").hasMessageContaining("FLOWS_MASTER_KEY");
    }

    @Test
    void aCiphertextMovedToAnotherNameDoesNotOpen() {
        MasterKey k = key(newKeyText());
        SecretCipher.Sealed sealed = cipher.seal(k, "ERP_TOKEN", "value-one");
        assertThatThrownBy(() -> cipher.open(k, "WMS_TOKEN", sealed)).isInstanceOf(SecretCipher.Unopenable.class);
    }

    @Test
    void refusesMalformedKeysWithoutQuotingThem() {
        assertThat(MasterKey.parse("FLOWS_MASTER_KEY", "  ")).isEmpty();
        assertThatThrownBy(() -> MasterKey.parse("FLOWS_MASTER_KEY", "not base64 at all!"))
                .hasMessageContaining("openssl rand -base64 32").hasMessageNotContaining("not base64 at all");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKey.parse("FLOWS_MASTER_KEY", shortKey))
                .hasMessageContaining("16 bytes, not 32").hasMessageNotContaining(shortKey);
        assertThat(MasterKey.parse("k", Base64.getUrlEncoder().encodeToString(new byte[32]))).isPresent();
    }
}
