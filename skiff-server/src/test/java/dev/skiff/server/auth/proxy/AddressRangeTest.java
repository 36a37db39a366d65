package dev.skiff.server.auth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {
  @Test
  void an_ipv4_block_holds_its_addresses_only() {
    AddressRange r = AddressRange.parse("10.1.0.0/16");
    assertThat(r.contains("10.1.0.0")).isTrue();
    assertThat(r.contains("10.1.255.255")).isTrue();
    assertThat(r.contains("10.2.0.0")).isFalse();
    assertThat(r.contains("10.0.255.255")).isFalse();
    assertThat(r.prefix()).isEqualTo(16);
    AddressRange odd = AddressRange.parse("192.168.1.128/25");
    assertThat(odd.contains("192.168.1.200")).isTrue();
    assertThat(odd.contains("192.168.1.127")).isFalse();
  }

  @Test
  void a_single_address_is_a_slash_32_or_slash_128() {
    AddressRange one = AddressRange.parse("127.0.0.1");
    assertThat(one).isEqualTo(AddressRange.parse("127.0.0.1/32"));
    assertThat(one.prefix()).isEqualTo(32);
    assertThat(one.contains("127.0.0.1")).isTrue();
    assertThat(one.contains("127.0.0.2")).isFalse();
    AddressRange v6 = AddressRange.parse("::1");
    assertThat(v6.prefix()).isEqualTo(128);
    assertThat(v6.contains("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(v6.contains("[::1]")).as("as Jetty may write it").isTrue();
    assertThat(v6.contains("::2")).isFalse();
  }

  @Test
  void slash_0_holds_every_address_of_its_family_only() {
    AddressRange all4 = AddressRange.parse("0.0.0.0/0");
    assertThat(all4.contains("203.0.113.9")).isTrue();
    assertThat(all4.contains("255.255.255.255")).isTrue();
    assertThat(all4.contains("2001:db8::1")).isFalse();
    AddressRange all6 = AddressRange.parse("::/0");
    assertThat(all6.contains("2001:db8::1")).isTrue();
    assertThat(all6.contains("203.0.113.9")).isFalse();
  }

  @Test
  void ipv6_blocks() {
    AddressRange ula = AddressRange.parse("fd00::/8");
    assertThat(ula.contains("fd12:3456::1")).isTrue();
    assertThat(ula.contains("fe80::1")).isFalse();
    AddressRange doc = AddressRange.parse("2001:DB8:0:0::/33");
    assertThat(doc.contains("2001:db8:7fff::1")).isTrue();
    assertThat(doc.contains("2001:db8:8000::1")).isFalse();
  }

  @Test
  void an_ipv4_mapped_ipv6_peer_is_its_ipv4_address() {
    assertThat(AddressRange.parse("127.0.0.0/8").contains("::ffff:127.0.0.1")).isTrue();
  }

  @Test
  void host_names_and_junk_are_not_addresses_and_never_looked_up() {
    assertThat(AddressRange.literal("localhost")).isEmpty();
    assertThat(AddressRange.literal("proxy.internal")).isEmpty();
    assertThat(AddressRange.literal("1.2.3")).isEmpty();
    assertThat(AddressRange.literal(null)).isEmpty();
    assertThat(AddressRange.parse("10.0.0.0/8").contains("unknown")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "10.0.0",
        "256.0.0.1",
        "010.0.0.1",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/",
        "10.0.0.0/8/8",
        "::1/129",
        "fe80::1%eth0",
        "1:2:3:4:5:6:7:8:9",
        "10.0.0.0/ 8"
      })
  void bad_input_is_refused_with_a_reason(String text) {
    assertThatThrownBy(() -> AddressRange.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text.strip() + "'");
  }

  @Test
  void bits_beyond_the_prefix_are_refused_and_the_block_named() {
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'10.0.0.1/8' sets bits beyond its /8 prefix; the block is 10.0.0.0/8");
  }
}
