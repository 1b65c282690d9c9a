package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.0", "fe80::1", "febf:ffff::1", "fd00:ec2::254",
        "::ffff:169.254.169.254", "::169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a9fe:a9fe",
        "2002:a9fe:a9fe::", "0.0.0.0", "0.255.255.255", "::", "224.0.0.1", "239.1.2.3", "ff02::1", "240.0.0.1",
        "255.255.255.255", "100.100.100.200", "192.0.0.192"})
    void alwaysDeniesLinkLocalMetadataUnspecifiedAndMulticast(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(AddressPolicy.isDeniedAddress(address, true)).as(literal).isTrue();
        assertThat(AddressPolicy.isDeniedAddress(address, false)).as(literal).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1",
        "100.64.0.1", "::1", "fc00::1", "fd12:3456::1", "fec0::1", "::ffff:10.0.0.1", "64:ff9b::7f00:1"})
    void deniesLoopbackAndPrivateRangesOnlyWhenPrivateNetworksAreNotAllowed(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(AddressPolicy.isDeniedAddress(address, true)).as(literal).isFalse();
        assertThat(AddressPolicy.isDeniedAddress(address, false)).as(literal).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "169.255.0.1", "2001:4860:4860::8888",
        "2606:4700:4700::1111", "64:ff9b::808:808"})
    void allowsPublicAddresses(String literal) throws Exception {
        assertThat(AddressPolicy.isDeniedAddress(InetAddress.getByName(literal), false)).as(literal).isFalse();
    }

    @Test
    void judgesAnIpv4MappedAddressKeptInIpv6FormByTheAddressItCarries() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
            (byte) 254};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(AddressPolicy.denialReason(address, true)).startsWith("link-local / cloud metadata");
    }

    @Test
    void explainsWhyAnAddressIsDenied() throws Exception {
        assertThat(AddressPolicy.denialReason(InetAddress.getByName("169.254.169.254"), true))
                .isEqualTo("link-local / cloud metadata");
        assertThat(AddressPolicy.denialReason(InetAddress.getByName("10.0.0.1"), false))
                .isEqualTo("private network 10.0.0.0/8; private networks are not allowed");
        assertThat(AddressPolicy.denialReason(InetAddress.getByName("8.8.8.8"), false)).isNull();
    }
}
