package dev.andante.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files under deploy/examples stay loadable as the config keys evolve. */
class ExampleConfigsTest {
  private static final Path EXAMPLES = Path.of("examples");

  @Test
  void localExampleLoads() {
    AndanteConfig c = ConfigLoader.plain().load(EXAMPLES.resolve("local.yaml"));
    assertThat(c.target()).isEqualTo(Target.ALL);
    assertThat(c.storage().backend()).isEqualTo("local");
    assertThat(c.storage().localPath()).isEqualTo(Path.of("./data/blocks"));
    assertThat(c.ingester().maxBlockDuration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void minioExampleLoadsWithCredentialsFromTheEnvironment() {
    AndanteConfig c =
        ConfigLoader.expandingEnv(EnvExpander.of(Map.of("S3_ACCESS_KEY", "andante", "S3_SECRET_KEY", "andante-secret")))
            .load(EXAMPLES.resolve("s3-minio.yaml"));
    assertThat(c.storage().backend()).isEqualTo("s3");
    assertThat(c.storage().s3().bucket()).isEqualTo("traces");
    assertThat(c.storage().s3().endpoint()).isEqualTo("127.0.0.1:9000");
    assertThat(c.storage().s3().accessKey()).isEqualTo("andante");
    assertThat(c.storage().s3().forcePathStyle()).isTrue();
  }
}
