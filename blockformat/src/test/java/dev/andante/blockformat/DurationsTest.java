package dev.andante.blockformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "5s, PT5S",
    "1m30s, PT1M30S",
    "336h, PT336H",
    "100ms, PT0.1S",
    "1d, PT24H",
    "1w, PT168H",
    "1.5h, PT1H30M",
    ".5s, PT0.5S",
    "250us, PT0.00025S",
    "250µs, PT0.00025S",
    "7ns, PT0.000000007S",
    "0, PT0S",
    "1h2m3s4ms, PT1H2M3.004S",
    "-5s, PT-5S"
  })
  void parsesGoAndPrometheusSyntax(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fives", "5", "5 s", "s", "", "1h 30m", "5sec", "1.2.3s", "--5s", "5S"})
  void rejectsWhatIsNoDuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "' is not a duration (e.g. 5s, 1m30s)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5s", "1m30s", "336h", "100ms", "1h0m1s", "1.5s", "0s", "24h"})
  void formatReadsBack(String text) {
    Duration d = Durations.parse(text);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @ParameterizedTest
  @CsvSource({"PT5S, 5s", "PT1M30S, 1m30s", "PT336H, 336h", "PT0.1S, 100ms", "PT1.5S, 1.5s", "PT0S, 0s"})
  void formatsShortest(Duration d, String expected) {
    assertThat(Durations.format(d)).isEqualTo(expected);
  }
}
