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

  @Test
  void composeClusterConfigLoads() {
    AndanteConfig c =
        ConfigLoader.expandingEnv(EnvExpander.of(Map.of("NODE_HOST", "ingester-0", "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "b")))
            .load(Path.of("compose", "andante.yaml"));
    assertThat(c.cluster().replicationFactor()).isEqualTo(2);
    assertThat(c.cluster().memberlist()).hasValueSatisfying(m -> {
      assertThat(m.bindAddr()).isEqualTo("ingester-0");
      assertThat(m.bindPort()).isEqualTo(7946);
      assertThat(m.joinMembers()).containsExactly("ingester-0:7946", "ingester-1:7946", "ingester-2:7946");
    });
    assertThat(c.storage().s3().endpoint()).isEqualTo("minio:9000");
  }

  @Test
  void kubernetesConfigMapHoldsALoadableConfig() throws Exception {
    Path manifest = Path.of("kubernetes", "andante.yaml");
    String configMap = java.nio.file.Files.readString(manifest).split("\n---\n")[0];
    com.fasterxml.jackson.databind.JsonNode doc =
        new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(configMap);
    assertThat(doc.get("kind").asText()).isEqualTo("ConfigMap");
    Path config = tmp.resolve("andante.yaml");
    java.nio.file.Files.writeString(config, doc.get("data").get("andante.yaml").asText());

    AndanteConfig c = ConfigLoader.expandingEnv(EnvExpander.of(Map.of("POD_IP", "10.1.2.3", "S3_BUCKET", "traces"))).load(config);

    assertThat(c.cluster().replicationFactor()).isEqualTo(2);
    assertThat(c.cluster().memberlist()).hasValueSatisfying(m -> assertThat(m.joinMembers()).hasSize(3));
    assertThat(c.storage().backend()).isEqualTo("s3");
  }

  @org.junit.jupiter.api.io.TempDir Path tmp;
}
