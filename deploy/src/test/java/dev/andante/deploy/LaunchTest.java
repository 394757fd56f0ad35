package dev.andante.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.EnvExpander;
import dev.andante.deploy.config.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Main.Launch prepare(Map<String, String> env, String... args) {
    return Main.Launch.prepare(
        args,
        EnvExpander.of(env),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void withoutAConfigFileEverythingIsDefault() {
    Main.Launch launch = prepare(Map.of());
    assertThat(launch.config()).contains(AndanteConfig.DEFAULT);
  }

  @Test
  void unknownFlagPrintsUsageAndExitsWithTwo() {
    Main.Launch launch = prepare(Map.of(), "-bogus");
    assertThat(launch.exitCode()).isEqualTo(2);
    assertThat(launch.config()).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("andante: unknown flag '-bogus'\n")
        .contains("Usage: java -jar andante.jar [flags]");
  }

  @Test
  void helpPrintsUsageToStdout() {
    Main.Launch launch = prepare(Map.of(), "-help");
    assertThat(launch.exitCode()).isZero();
    assertThat(launch.config()).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("-config.file=<path>");
  }

  @Test
  void badConfigPrintsOneLineAndExitsWithOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("andante.yaml");
    Files.writeString(file, "ingester:\n  trace_idel_period: 5s\n");
    Main.Launch launch = prepare(Map.of(), "-config.file=" + file);
    assertThat(launch.exitCode()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("Cannot load config " + file + ": unknown key 'ingester.trace_idel_period'\n");
  }

  @Test
  void targetFlagOverridesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("andante.yaml");
    Files.writeString(file, "target: ingester\n");
    assertThat(prepare(Map.of(), "-config.file=" + file).config().orElseThrow().target()).isEqualTo(Target.INGESTER);
    assertThat(prepare(Map.of(), "-config.file=" + file, "-target=querier").config().orElseThrow().target())
        .isEqualTo(Target.QUERIER);
  }

  @Test
  void expandsTheEnvironmentOnlyWhenAsked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("andante.yaml");
    Files.writeString(file, "target: ${ROLE:-all}\n");
    Map<String, String> env = Map.of("ROLE", "querier");
    assertThat(prepare(env, "-config.file=" + file, "-config.expand-env=true").config().orElseThrow().target())
        .isEqualTo(Target.QUERIER);
    Main.Launch plain = prepare(env, "-config.file=" + file);
    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("target: '${ROLE:-all}' is not a target");
  }
}
