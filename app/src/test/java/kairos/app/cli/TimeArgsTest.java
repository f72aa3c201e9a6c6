package kairos.app.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeArgsTest {
    @Test
    void datesAndDateTimesAreUtc() {
        assertThat(TimeArgs.parse("2025-05-04")).isEqualTo(Instant.parse("2025-05-04T00:00:00Z"));
        assertThat(TimeArgs.parse("2025-05-04T12:30:00Z")).isEqualTo(Instant.parse("2025-05-04T12:30:00Z"));
        assertThat(TimeArgs.parse("2025-05-04T12:30")).isEqualTo(Instant.parse("2025-05-04T12:30:00Z"));
        assertThat(TimeArgs.parse("2025-05-04T14:30:00+02:00")).isEqualTo(Instant.parse("2025-05-04T12:30:00Z"));
        assertThat(new TimeArgs().convert(" 2025-05-04 ")).isEqualTo(Instant.parse("2025-05-04T00:00:00Z"));
        assertThatThrownBy(() -> TimeArgs.parse("04/05/2025")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
