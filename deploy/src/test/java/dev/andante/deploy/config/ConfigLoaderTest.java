package dev.andante.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.backend.S3Config;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.compactor.CompactorConfig;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.WalConfig;
import dev.andante.querier.QuerierConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static final String EVERY_KEY =
      """
      target: querier
      multitenancy_enabled: true
      server:
        http_listen_port: 3300
        http_listen_address: 127.0.0.1
      distributor:
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: "127.0.0.1:14317"}
              http: {endpoint: "127.0.0.1:14318"}
        max_request_bytes: 1048576
      ingester:
        trace_idle_period: 10s
        max_block_duration: 1m30s
        max_block_bytes: 1000000
        complete_block_timeout: 2h
        flush_check_period: 250ms
        trace_live_period: 10m
        wal_disk_budget_bytes: 1073741824
        max_memory_bytes: 536870912
        lifecycler: {ring: {replication_factor: 3}}
      memberlist:
        bind_addr: 10.0.0.5
        bind_port: 7947
        join_members: ["andante-0.andante:7947", "andante-1.andante:7947"]
        heartbeat_interval: 2s
        dead_after: 20s
        event_bus_port: 7950
      querier:
        query_timeout: 1m
        concurrent_block_reads: 4
        block_cache_bytes: 67108864
      storage:
        trace:
          backend: s3
          local: {path: /var/andante/blocks}
          wal: {path: /var/andante/wal, fsync: never, segment_bytes: 1048576}
          s3:
            bucket: traces
            prefix: team-a
            endpoint: "minio:9000"
            region: eu-west-1
            access_key: AKID
            secret_key: SECRET
            insecure: true
            forcepathstyle: true
          block:
            bloom_filter_false_positive: 0.05
            bloom_filter_shard_size_bytes: 51200
            parquet_row_group_size_bytes: 4194304
          blocklist_poll: 30s
      compactor:
        compaction:
          block_retention: 1d
          compacted_block_retention: 30m
          compaction_window: 2h
          compaction_cycle: 10s
          max_compaction_objects: 1000
          max_block_bytes: 2000000
      overrides:
        defaults:
          ingestion: {rate_limit_bytes: 15000000, burst_size_bytes: 20000000, max_traces_per_user: 10000}
          global: {max_bytes_per_trace: 5000000}
        per_tenant_override_config: ./overrides.yaml
      """;

  private final ConfigLoader loader = ConfigLoader.plain();

  @Test
  void emptyDocumentGivesDefaults() {
    assertThat(loader.parse("", "empty.yaml")).isEqualTo(AndanteConfig.DEFAULT);
    assertThat(loader.parse("# only a comment\n", "comment.yaml")).isEqualTo(AndanteConfig.DEFAULT);
    assertThat(loader.parse("server:\ningester: {}\n", "nulls.yaml")).isEqualTo(AndanteConfig.DEFAULT);
  }

  @Test
  void defaultsAreLocalStorageUnderData() {
    AndanteConfig c = AndanteConfig.DEFAULT;
    assertThat(c.target()).isEqualTo(Target.ALL);
    assertThat(c.storage().backend()).isEqualTo("local");
    assertThat(c.storage().localPath()).isEqualTo(Path.of("data/blocks"));
    assertThat(c.storage().walPath()).isEqualTo(Path.of("data/wal"));
    assertThat(c.querier().httpListenPort()).isEqualTo(3200);
    assertThat(c.ingester().otlpGrpcEndpoint()).isEqualTo("0.0.0.0:4317");
    assertThat(c.ingester().otlpHttpEndpoint()).isEqualTo("0.0.0.0:4318");
  }

  @Test
  void readsEveryKey() {
    AndanteConfig c = loader.parse(EVERY_KEY, "every.yaml");

    assertThat(c.target()).isEqualTo(Target.QUERIER);
    assertThat(c.multitenancyEnabled()).isTrue();
    assertThat(c.ingester())
        .isEqualTo(
            new IngesterConfig(
                "127.0.0.1:14317",
                "127.0.0.1:14318",
                true,
                Duration.ofSeconds(10),
                Duration.ofSeconds(90),
                1_000_000,
                Duration.ofHours(2),
                Duration.ofMillis(250),
                1_048_576,
                Duration.ofMinutes(10),
                new WalConfig(FsyncPolicy.NEVER, 1_048_576),
                1_073_741_824L,
                536_870_912L));
    assertThat(c.querier()).isEqualTo(new QuerierConfig("127.0.0.1", 3300, true, Duration.ofMinutes(1), 4, 67_108_864L));
    assertThat(c.storage())
        .isEqualTo(
            new StorageConfig(
                "s3",
                Path.of("/var/andante/blocks"),
                Path.of("/var/andante/wal"),
                new S3Config("traces", "team-a", "minio:9000", "eu-west-1", "AKID", "SECRET", true, true),
                new BlockConfig(0.05, 51200, 4_194_304),
                Duration.ofSeconds(30)));
    assertThat(c.compactor())
        .isEqualTo(
            new CompactorConfig(
                Duration.ofDays(1),
                Duration.ofMinutes(30),
                Duration.ofHours(2),
                Duration.ofSeconds(10),
                1000,
                2_000_000,
                CompactorConfig.DEFAULT_MAX_INPUT_BLOCKS));
    assertThat(c.overrides().perTenantOverrideConfig()).isEqualTo("./overrides.yaml");
    assertThat(c.overrides().defaults())
        .containsEntry("global", Map.of("max_bytes_per_trace", 5_000_000))
        .containsKey("ingestion");
    assertThat(c.cluster())
        .isEqualTo(
            new ClusterConfig(
                java.util.Optional.of(
                    new MemberlistConfig(
                        "10.0.0.5",
                        7947,
                        java.util.List.of("andante-0.andante:7947", "andante-1.andante:7947"),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(20),
                        7950)),
                3));
  }

  @Test
  void memberlistTakesTempoStyleListOfBindAddresses() {
    AndanteConfig c = loader.parse("memberlist: {bind_addr: [10.1.2.3], join_members: [a, b]}", "m.yaml");
    MemberlistConfig m = c.cluster().memberlist().orElseThrow();
    assertThat(m.bindAddr()).isEqualTo("10.1.2.3");
    assertThat(m.bindPort()).isEqualTo(MemberlistConfig.DEFAULT_BIND_PORT);
    assertThat(m.eventBusPort()).isEqualTo(MemberlistConfig.DEFAULT_BIND_PORT + 1);
    assertThat(m.joinMembers()).containsExactly("a", "b");
    assertThat(loader.parse("target: all", "alone.yaml").cluster()).isEqualTo(ClusterConfig.SINGLE);
  }

  @Test
  void walAndLimitProblemsNameTheirKeys() {
    assertThatThrownBy(() -> loader.parse("storage: {trace: {wal: {fsync: sometimes}}}\n", "bad.yaml"))
        .hasMessageContaining("storage.trace.wal.fsync must be 'always' or 'never', got 'sometimes'");
    assertThatThrownBy(() -> loader.parse("ingester: {wal_disk_budget_bytes: 1000}\n", "bad.yaml"))
        .hasMessageContaining("ingester.wal_disk_budget_bytes must be at least twice storage.trace.wal.segment_bytes");
    assertThatThrownBy(() -> loader.parse("overrides: {defaults: {ingestion: {rate_limit_byte: 5}}}\n", "bad.yaml"))
        .hasMessageContaining("unknown key overrides.defaults.ingestion.rate_limit_byte");
  }

  @Test
  void keysLeftOutKeepTheirDefaults() {
    AndanteConfig c = loader.parse("ingester:\n  trace_idle_period: 2s\n", "partial.yaml");
    assertThat(c.ingester().traceIdlePeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.ingester().maxBlockDuration()).isEqualTo(IngesterConfig.DEFAULT_MAX_BLOCK_DURATION);
    assertThat(c.storage()).isEqualTo(StorageConfig.DEFAULT);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ingester: {trace_idel_period: 5s}|unknown key 'ingester.trace_idel_period'",
        "tagret: all|unknown key 'tagret'",
        "storage: {trace: {s3: {bucket: b, path_style: true}}}|unknown key 'storage.trace.s3.path_style'",
        "storage: {trace: {blocklistpoll: 5m}}|unknown key 'storage.trace.blocklistpoll'",
        "storage: {traces: {}}|unknown key 'storage.traces'",
        "distributor: {receivers: {otlp: {protocols: {grpc: {endpont: 'a:1'}}}}}|unknown key 'distributor.receivers.otlp.protocols.grpc.endpont'",
        "distributor: {receivers: {jaeger: {}}}|unknown key 'distributor.receivers.jaeger'",
        "compactor: {compaction: {block_retension: 1h}}|unknown key 'compactor.compaction.block_retension'",
        "overrides: {per_tenant: x}|unknown key 'overrides.per_tenant'",
        "server: {grpc_listen_port: 9095}|unknown key 'server.grpc_listen_port'"
      })
  void unknownKeyIsNamedInFull(String yaml, String expected) {
    assertThatThrownBy(() -> loader.parse(yaml, "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load config /x/andante.yaml: " + expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ingester: {trace_idle_period: fives}|ingester.trace_idle_period: 'fives' is not a duration (e.g. 5s, 1m30s)",
        "ingester: {max_block_duration: 30}|ingester.max_block_duration: '30' is not a duration (e.g. 5s, 1m30s)",
        "storage: {trace: {blocklist_poll: 5 m}}|storage.trace.blocklist_poll: '5 m' is not a duration (e.g. 5s, 1m30s)",
        "compactor: {compaction: {block_retention: [1h]}}|compactor.compaction.block_retention: a list is not a duration (e.g. 5s, 1m30s)",
        "querier: {query_timeout: 0s}|querier.query_timeout: must be a positive duration, got '0s'",
        "ingester: {flush_check_period: -1s}|ingester.flush_check_period: must be a positive duration, got '-1s'"
      })
  void badDurationIsNamed(String yaml, String expected) {
    assertThatThrownBy(() -> loader.parse(yaml, "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load config /x/andante.yaml: " + expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ingester: {max_block_bytes: lots}|ingester.max_block_bytes: 'lots' is not an integer",
        "ingester: {max_block_bytes: 1.5}|ingester.max_block_bytes: '1.5' is not an integer",
        "querier: {concurrent_block_reads: 99999999999}|querier.concurrent_block_reads: 99999999999 is too large",
        "multitenancy_enabled: yes please|multitenancy_enabled: 'yes please' is not a boolean (true or false)",
        "storage: {trace: {s3: {insecure: 1}}}|storage.trace.s3.insecure: '1' is not a boolean",
        "server: 3200|server: expected a mapping of keys to values, got number '3200'",
        "storage: {trace: {s3: {bucket: {name: x}}}}|storage.trace.s3.bucket: expected a string, got mapping",
        "storage: {trace: {block: {bloom_filter_false_positive: often}}}|storage.trace.block.bloom_filter_false_positive: 'often' is not a number",
        "- a list|the document must be a mapping of keys to values, not a list"
      })
  void wrongTypeIsNamed(String yaml, String expected) {
    assertThatThrownBy(() -> loader.parse(yaml, "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot load config /x/andante.yaml: " + expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "target: everything|target: 'everything' is not a target; use one of all, distributor, ingester, querier, compactor",
        "server: {http_listen_port: 70000}|server.http_listen_port: must be a port between 0 and 65535, got 70000",
        "ingester: {max_block_bytes: 0}|ingester.max_block_bytes must be positive, got 0",
        "querier: {concurrent_block_reads: 0}|querier.concurrent_block_reads must be at least 1, got 0",
        "querier: {block_cache_bytes: -1}|querier.block_cache_bytes must not be negative, got -1",
        "storage: {trace: {backend: gcs}}|storage.trace.backend: 'gcs' is not a backend; use local or s3",
        "storage: {trace: {backend: s3}}|storage.trace.s3.bucket: must be set when storage.trace.backend is s3",
        "storage: {trace: {s3: {access_key: a}}}|storage.trace.s3.secret_key: must be set together with access_key",
        "storage: {trace: {block: {bloom_filter_false_positive: 1.5}}}|storage.trace.block.bloom_filter_false_positive must be between 0 and 1 exclusive, got 1.5",
        "storage: {trace: {block: {bloom_filter_shard_size_bytes: 10}}}|storage.trace.block.bloom_filter_shard_size_bytes must be at least 1024, got 10",
        "storage: {trace: {local: {path: ''}}}|storage.trace.local.path: must not be empty",
        "ingester: {lifecycler: {ring: {replication_factor: 0}}}|ingester.lifecycler.ring.replication_factor: must be between 1 and 16, got 0",
        "memberlist: {bind_addr: 0.0.0.0}|memberlist.bind_addr must be an address the other members reach, got 0.0.0.0",
        "memberlist: {join_members: a}|memberlist.join_members: expected a list of host:port, got string 'a'",
        "memberlist: {heartbeat_interval: 500ms}|memberlist.heartbeat_interval must be a whole number of seconds, at least 1s, got PT0.5S",
        "compactor: {compaction: {max_compaction_objects: -1}}|compactor.compaction.max_compaction_objects: must be positive, got -1",
        "distributor: {receivers: {otlp: {protocols: {http: {endpoint: localhost}}}}}|distributor.receivers.otlp.protocols.http.endpoint: 'localhost' is not a host:port endpoint (e.g. 0.0.0.0:4317)"
      })
  void impossibleValueIsNamed(String yaml, String expected) {
    assertThatThrownBy(() -> loader.parse(yaml, "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load config /x/andante.yaml: " + expected);
  }

  @Test
  void invalidYamlSaysWhere() {
    assertThatThrownBy(() -> loader.parse("ingester:\n  trace_idle_period: [5s\n", "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot load config /x/andante.yaml: invalid YAML")
        .hasMessageContaining("line ");
  }

  @Test
  void duplicateKeyIsAnError() {
    assertThatThrownBy(() -> loader.parse("target: all\ntarget: querier\n", "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot load config /x/andante.yaml: invalid YAML: Duplicate field 'target'");
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("andante.yaml");
    Files.writeString(file, EVERY_KEY);
    assertThat(loader.load(file)).isEqualTo(loader.parse(EVERY_KEY, "same"));
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot load config " + file + ": no such file");
  }

  @Test
  void expandsEnvironmentVariablesWhenAsked() {
    String yaml =
        """
        storage:
          trace:
            backend: ${BACKEND:-local}
            s3: {bucket: "${BUCKET}", access_key: "${KEY}", secret_key: "${SECRET:-s3cr3t}"}
        ingester: {trace_idle_period: "${IDLE:-5s}"}
        """;
    AndanteConfig c =
        ConfigLoader.expandingEnv(EnvExpander.of(Map.of("BACKEND", "s3", "BUCKET", "traces", "KEY", "AK", "IDLE", "2s")))
            .parse(yaml, "env.yaml");
    assertThat(c.storage().backend()).isEqualTo("s3");
    assertThat(c.storage().s3().bucket()).isEqualTo("traces");
    assertThat(c.storage().s3().accessKey()).isEqualTo("AK");
    assertThat(c.storage().s3().secretKey()).isEqualTo("s3cr3t");
    assertThat(c.ingester().traceIdlePeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.expandingEnv(EnvExpander.of(Map.of()))
                    .parse("storage: {trace: {s3: {secret_key: ${S3_SECRET}}}}", "/x/andante.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot load config /x/andante.yaml: environment variable 'S3_SECRET' is not set and has no default");
  }

  @Test
  void withoutExpansionReferencesStayAsWritten() {
    AndanteConfig c = loader.parse("storage: {trace: {s3: {prefix: '${PREFIX}'}}}", "plain.yaml");
    assertThat(c.storage().s3().prefix()).isEqualTo("${PREFIX}");
  }

  @Test
  void expandedValueIsCheckedLikeAWrittenOne() {
    assertThatThrownBy(
            () ->
                ConfigLoader.expandingEnv(EnvExpander.of(Map.of("IDLE", "soon")))
                    .parse("ingester: {trace_idle_period: ${IDLE}}", "/x/andante.yaml"))
        .hasMessage("Cannot load config /x/andante.yaml: ingester.trace_idle_period: 'soon' is not a duration (e.g. 5s, 1m30s)");
  }
}
