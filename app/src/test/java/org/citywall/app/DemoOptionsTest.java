package org.citywall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoOptionsTest {

    @Test
    void zoneLessLogTimestampsAreReadInTheHostsZoneUnlessAnotherIsNamed() {
        DemoCommand defaults = new DemoCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.zone).isEqualTo(ZoneId.systemDefault());

        DemoCommand beijing = new DemoCommand();
        new CommandLine(beijing).parseArgs("--zone", "Asia/Shanghai");
        assertThat(beijing.zone).isEqualTo(ZoneId.of("Asia/Shanghai"));

        DemoCommand offset = new DemoCommand();
        new CommandLine(offset).parseArgs("--zone", "+08:00");
        assertThat(offset.zone).isEqualTo(ZoneId.of("+08:00"));
    }

    @Test
    void anUnknownZoneIsRefusedWithTheFormsThatWork() {
        assertThatThrownBy(() -> new CommandLine(new DemoCommand()).parseArgs("--zone", "Beijing"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'Beijing' is not a time zone").hasMessageContaining("Asia/Shanghai");
    }
}
