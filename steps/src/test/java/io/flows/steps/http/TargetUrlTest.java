package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetUrlTest {

    @Test
    void normalisesTheHostAndFillsInTheDefaultPort() {
        TargetUrl url = TargetUrl.parse("HTTPS://ERP.Example.COM./orders?id=1#top");

        assertThat(url.scheme()).isEqualTo("https");
        assertThat(url.host()).isEqualTo("erp.example.com");
        assertThat(url.port()).isEqualTo(443);
        assertThat(url.pathAndQuery()).isEqualTo("/orders?id=1");
        assertThat(url).hasToString("https://erp.example.com/orders?id=1");
    }

    @Test
    void acceptsUnderscoresIpv6LiteralsAndInternationalNames() {
        assertThat(TargetUrl.parse("http://my_host.local:8080/x").hostAndPort()).isEqualTo("my_host.local:8080");
        assertThat(TargetUrl.parse("http://[::1]:9000").hostAndPort()).isEqualTo("[::1]:9000");
        assertThat(TargetUrl.parse("http://bücher.example/").host()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void appendsQueryParametersWithPercentEncodingOncePerValue() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("name", List.of("Zoë & co"));
        query.put("none", List.of());
        query.put("id", List.of("1", "2"));

        assertThat(TargetUrl.parse("http://h/p").withQuery(query).pathAndQuery())
                .isEqualTo("/p?name=Zo%C3%AB%20%26%20co&id=1&id=2");
        assertThat(TargetUrl.parse("http://h/p?").withQuery(Map.of("a", List.of("1"))).pathAndQuery()).isEqualTo("/p?a=1");
        assertThat(TargetUrl.parse("http://h/p?x=%20").withQuery(Map.of("a", List.of("1"))).pathAndQuery())
                .isEqualTo("/p?x=%20&a=1");
    }

    @Test
    void resolvesRelativeRedirectLocationsAgainstTheCurrentUrl() {
        TargetUrl base = TargetUrl.parse("http://h:81/a/b?q=1");

        assertThat(base.resolve("c")).hasToString("http://h:81/a/c");
        assertThat(base.resolve("/d?e=f")).hasToString("http://h:81/d?e=f");
        assertThat(base.resolve("//other/x")).hasToString("http://other/x");
        assertThat(base.sameOrigin(base.resolve("/z"))).isTrue();
        assertThat(base.sameOrigin(base.resolve("https://h:81/z"))).isFalse();
    }

    @Test
    void refusesRedirectsToOtherSchemesWithADistinctException() {
        assertThatThrownBy(() -> TargetUrl.parse("http://h/").resolve("file:///etc/passwd"))
                .isInstanceOf(TargetUrl.UnsupportedScheme.class);
    }
}
