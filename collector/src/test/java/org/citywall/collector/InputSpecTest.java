package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are caught when the collector is built or started, with a message that names them. */
class InputSpecTest {

    @Test
    void the_command_line_form_names_type_address_domain_and_options() {
        InputSpec s = InputSpec.parse("syslog-tcp://0.0.0.0:5514?domain=taiyuan&name=edge&max-frame-bytes=128k");
        assertThat(s.type()).isEqualTo(InputType.SYSLOG_TCP);
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(5514);
        assertThat(s.name()).isEqualTo("edge");
        assertThat(s.domain()).isEqualTo("taiyuan");
        assertThat(s.options()).containsEntry("max-frame-bytes", "128k");
        assertThat(new InputOptions(s).maxFrameBytes).isEqualTo(128 * 1024);
        assertThat(InputSpec.parse("relp://[::1]:2514?domain=d").host()).isEqualTo("::1");
        assertThat(InputSpec.parse("relp://[::1]:2514?domain=d").name()).isEqualTo("relp");
    }

    @Test
    void malformed_command_line_forms_say_what_is_wrong() {
        assertThatThrownBy(() -> InputSpec.parse("syslog-tcp://host:5514")).hasMessageContaining("domain=");
        assertThatThrownBy(() -> InputSpec.parse("gopher://host:70?domain=d")).hasMessageContaining("known: syslog-udp");
        assertThatThrownBy(() -> InputSpec.parse("syslog-tcp://host?domain=d")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> InputSpec.parse("syslog-tcp://host:99999?domain=d")).hasMessageContaining("out of range");
    }

    @Test
    void options_are_checked_for_their_input_type() {
        InputSpec tcp = InputSpec.of("t", InputType.SYSLOG_TCP, "127.0.0.1", 0, "d");
        assertThatThrownBy(() -> new InputOptions(tcp.withOption("max-frame-byte", "1")))
                .hasMessageContaining("unknown option 'max-frame-byte'");
        assertThatThrownBy(() -> new InputOptions(tcp.withOption("tokens", "x")))
                .hasMessageContaining("unknown option 'tokens'");
        assertThatThrownBy(() -> new InputOptions(tcp.withOption("oversize", "explode")))
                .hasMessageContaining("truncate, reject");
        assertThatThrownBy(() -> new InputOptions(tcp.withOption("idle-timeout", "soon")))
                .hasMessageContaining("500ms, 30s, 5m");
        assertThatThrownBy(() -> new InputOptions(InputSpec.of("s", InputType.SYSLOG_TLS, "127.0.0.1", 0, "d")))
                .hasMessageContaining("needs tls.cert and tls.key");
        assertThatThrownBy(() -> new InputOptions(InputSpec.of("h", InputType.HTTP, "127.0.0.1", 0, "d")))
                .hasMessageContaining("needs tokens or tokens-file");
        assertThat(new InputOptions(tcp.withOption("frame-timeout", "1500ms")).frameTimeout).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void short_http_tokens_are_refused() {
        InputSpec http = InputSpec.of("h", InputType.HTTP, "127.0.0.1", 0, "d").withOption("tokens", "abc=taiyuan");
        assertThatThrownBy(() -> new Tokens(http, new InputOptions(http))).hasMessageContaining("at least 16 characters");
    }

    @Test
    void tokens_never_show_in_the_specs_text() {
        InputSpec http = InputSpec.of("h", InputType.HTTP, "127.0.0.1", 0, "d").withOption("tokens", "secret-token-0123456789");
        assertThat(http.toString()).doesNotContain("secret-token");
    }

    @Test
    void a_port_in_use_fails_start_naming_the_input_and_leaves_nothing_bound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Collector c = Collector.builder()
                    .input(InputSpec.of("free", InputType.SYSLOG_TCP, "127.0.0.1", 0, "d"))
                    .input(InputSpec.of("clash", InputType.SYSLOG_TCP, "127.0.0.1", taken.getLocalPort(), "d"))
                    .bus(new NullBus()).build();
            assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("input clash: cannot listen on TCP 127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(() -> c.boundAddress("free")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void two_inputs_with_one_name_are_refused() {
        assertThatThrownBy(() -> Collector.builder()
                .input(InputSpec.of("same", InputType.SYSLOG_TCP, "127.0.0.1", 0, "d"))
                .input(InputSpec.of("same", InputType.SYSLOG_UDP, "127.0.0.1", 0, "d"))
                .bus(new NullBus()).build()).hasMessageContaining("two inputs are named same");
    }
}
