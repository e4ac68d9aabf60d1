package dev.embeddedcluster.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.NetworkInterface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReachableAddressTest {

    @Test
    void aSpecificBindAddressIsAnnouncedAsItIs() {
        assertThat(ReachableAddress.of("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void aWildcardBindAddressIsAnnouncedAsAnAddressOfThisHost() throws Exception {
        for (String wildcard : new String[] {"0.0.0.0", "::"}) {
            InetAddress announced = InetAddress.getByName(ReachableAddress.of(wildcard));
            assertThat(announced.isAnyLocalAddress()).as(wildcard).isFalse();
            assertThat(announced.isLoopbackAddress() || NetworkInterface.getByInetAddress(announced) != null)
                    .as("%s announces %s, an address of this host", wildcard, announced).isTrue();
        }
    }

    @Test
    void anUnknownHostIsABadOption() {
        assertThatThrownBy(() -> ReachableAddress.of("no.such.host.invalid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown bind address 'no.such.host.invalid'");
    }
}
