package org.citywall.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes take a 1024-based unit in any case (64KB is 65536 bytes, never 64); any other suffix is an error naming option and value. */
class SizeOptionsTest {

    private static final InputSpec TCP = InputSpec.of("t", InputType.SYSLOG_TCP, "127.0.0.1", 0, "d");

    @ParameterizedTest
    @CsvSource({
        "65536, 65536", "64k, 65536", "64K, 65536", "64kb, 65536", "64KB, 65536", "64KiB, 65536", "64kib, 65536",
        "1m, 1048576", "1M, 1048576", "1MB, 1048576", "1mb, 1048576", "1MiB, 1048576", "' 2 MB ', 2097152",
        "64MiB, 67108864"})
    void a_frame_size_with_a_unit_is_that_many_bytes(String value, int bytes) {
        assertThat(new InputOptions(TCP.withOption("max-frame-bytes", value)).maxFrameBytes).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1g", "1G", "1gb", "1GB", "1GiB", "1gib"})
    void gigabyte_units_are_1024_cubed(String value) {
        assertThat(InputOptions.parseSize(value)).isEqualTo(1024L * 1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64KX", "64 bytes", "1T", "1.5m", "-1k", "k", "", "64kbb", "0x100"})
    void any_other_size_is_an_error_naming_option_and_value(String value) {
        assertThatThrownBy(() -> new InputOptions(TCP.withOption("max-frame-bytes", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-frame-bytes='" + value + "'")
                .hasMessageContaining("kib").hasMessageContaining("1024");
    }

    @Test
    void a_size_out_of_range_says_the_range() {
        assertThatThrownBy(() -> new InputOptions(TCP.withOption("max-frame-bytes", "1g")))
                .hasMessageContaining("max-frame-bytes=1073741824 outside 16..67108864");
    }
}
