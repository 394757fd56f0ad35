package dev.andante.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.deploy.config.Target;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainArgsTest {
  @Test
  void noArgumentsMeansDefaults() {
    assertThat(MainArgs.parse()).isEqualTo(new MainArgs(Optional.empty(), Optional.empty(), false, false));
  }

  @Test
  void readsTempoStyleFlags() {
    MainArgs args = MainArgs.parse("-config.file=/etc/andante.yaml", "-target=querier", "-config.expand-env=true");
    assertThat(args)
        .isEqualTo(new MainArgs(Optional.of(Path.of("/etc/andante.yaml")), Optional.of(Target.QUERIER), true, false));
  }

  @Test
  void readsDoubleDashAndSeparateValues() {
    assertThat(MainArgs.parse("--config.file", "a.yaml", "--target", "ingester", "--config.expand-env"))
        .isEqualTo(new MainArgs(Optional.of(Path.of("a.yaml")), Optional.of(Target.INGESTER), true, false));
    assertThat(MainArgs.parse("-config.file", "a.yaml", "--target=compactor"))
        .isEqualTo(new MainArgs(Optional.of(Path.of("a.yaml")), Optional.of(Target.COMPACTOR), false, false));
  }

  @Test
  void booleanFlagTakesAnExplicitValue() {
    assertThat(MainArgs.parse("-config.expand-env=false").expandEnv()).isFalse();
    assertThat(MainArgs.parse("-config.expand-env").expandEnv()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"-help", "--help", "-h", "-help=true"})
  void help(String flag) {
    assertThat(MainArgs.parse(flag).help()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-config.fil=a.yaml|unknown flag '-config.fil=a.yaml'",
        "--verbose|unknown flag '--verbose'",
        "a.yaml|unexpected argument 'a.yaml'",
        "-target=everything|-target: 'everything' is not a target; use one of all, distributor, ingester, querier, compactor",
        "-config.file|flag -config.file needs a value",
        "-config.expand-env=maybe|flag -config.expand-env: 'maybe' is not a boolean (true or false)"
      })
  void rejectsWhatItCannotRead(String arg, String expected) {
    assertThatThrownBy(() -> MainArgs.parse(arg)).isInstanceOf(UsageException.class).hasMessage(expected);
  }

  @Test
  void lastValueWins() {
    assertThat(MainArgs.parse("-target=querier", "-target=all").target()).contains(Target.ALL);
  }
}
