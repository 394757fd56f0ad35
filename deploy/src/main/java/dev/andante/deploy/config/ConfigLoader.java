package dev.andante.deploy.config;

import dev.andante.blockformat.Durations;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.andante.blockformat.backend.S3Config;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.compactor.CompactorConfig;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.limits.Limits;
import dev.andante.ingester.limits.LimitsParser;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.WalConfig;
import dev.andante.querier.QuerierConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a Tempo-compatible YAML file into an {@link AndanteConfig}. Every problem — unreadable
 * file, invalid YAML, unknown key, wrong type, bad duration, impossible value — becomes one {@link
 * ConfigException} whose message names the file and the key's full path, e.g. {@code Cannot load
 * config andante.yaml: unknown key 'ingester.trace_idel_period'}.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = yamlMapper();

  private final Optional<EnvExpander> envExpander;

  private ConfigLoader(Optional<EnvExpander> envExpander) {
    this.envExpander = envExpander;
  }

  /** A loader that reads the file as written. */
  public static ConfigLoader plain() {
    return new ConfigLoader(Optional.empty());
  }

  /** A loader that first replaces {@code ${VAR}} and {@code ${VAR:-default}} using {@code env}. */
  public static ConfigLoader expandingEnv(EnvExpander env) {
    if (env == null) {
      throw new IllegalArgumentException("env must not be null");
    }
    return new ConfigLoader(Optional.of(env));
  }

  /** The configuration in {@code file}. */
  public AndanteConfig load(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Cannot load config " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("Cannot load config " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** The configuration in {@code yaml}; {@code source} names it in error messages. */
  public AndanteConfig parse(String yaml, String source) {
    try {
      String text = envExpander.map(e -> e.expand(yaml)).orElse(yaml);
      JsonNode root;
      try {
        root = YAML.readTree(text);
      } catch (JsonProcessingException e) {
        throw new ConfigProblem("invalid YAML: " + e.getOriginalMessage() + location(e));
      }
      return read(ConfigSection.root(root));
    } catch (ConfigProblem | IllegalArgumentException e) {
      throw new ConfigException("Cannot load config " + source + ": " + e.getMessage(), e);
    }
  }

  private static AndanteConfig read(ConfigSection root) {
    Target target = target(root);
    boolean multitenancy = root.bool("multitenancy_enabled", false);

    ConfigSection server = root.section("server");
    QuerierConfig querierDefaults = QuerierConfig.DEFAULT;
    int httpPort = port(server, "http_listen_port", querierDefaults.httpListenPort());
    String httpAddress = server.string("http_listen_address", querierDefaults.httpListenAddress());
    server.finish();

    ConfigSection distributor = root.section("distributor");
    ConfigSection receivers = distributor.section("receivers");
    ConfigSection otlp = receivers.section("otlp");
    ConfigSection protocols = otlp.section("protocols");
    ConfigSection grpc = protocols.section("grpc");
    String grpcEndpoint = endpoint(grpc, "endpoint", IngesterConfig.DEFAULT_OTLP_GRPC_ENDPOINT);
    grpc.finish();
    ConfigSection http = protocols.section("http");
    String httpEndpoint = endpoint(http, "endpoint", IngesterConfig.DEFAULT_OTLP_HTTP_ENDPOINT);
    http.finish();
    protocols.finish();
    otlp.finish();
    int maxRequestBytes = distributor.intValue("max_request_bytes", IngesterConfig.DEFAULT_MAX_REQUEST_BYTES);
    finishAll(receivers, distributor);

    ConfigSection ing = root.section("ingester");
    long walDiskBudget = ing.integer("wal_disk_budget_bytes", IngesterConfig.DEFAULT_WAL_DISK_BUDGET_BYTES);
    long maxMemoryBytes = ing.integer("max_memory_bytes", IngesterConfig.AUTO_MAX_MEMORY_BYTES);
    ConfigSection lifecycler = ing.section("lifecycler");
    ConfigSection ring = lifecycler.section("ring");
    long replicationFactor = ring.integer("replication_factor", ClusterConfig.DEFAULT_REPLICATION_FACTOR);
    if (replicationFactor < 1 || replicationFactor > 16) {
      throw new ConfigProblem(ring.pathOf("replication_factor"), "must be between 1 and 16, got " + replicationFactor);
    }
    finishAll(ring, lifecycler);
    IngesterConfig ingesterWithoutWal =
        build(
            ing,
            () ->
                new IngesterConfig(
                    grpcEndpoint,
                    httpEndpoint,
                    multitenancy,
                    positive(ing, "trace_idle_period", IngesterConfig.DEFAULT_TRACE_IDLE_PERIOD),
                    positive(ing, "max_block_duration", IngesterConfig.DEFAULT_MAX_BLOCK_DURATION),
                    ing.integer("max_block_bytes", IngesterConfig.DEFAULT_MAX_BLOCK_BYTES),
                    positive(ing, "complete_block_timeout", IngesterConfig.DEFAULT_COMPLETE_BLOCK_TIMEOUT),
                    positive(ing, "flush_check_period", IngesterConfig.DEFAULT_FLUSH_CHECK_PERIOD),
                    maxRequestBytes,
                    positive(ing, "trace_live_period", IngesterConfig.DEFAULT_TRACE_LIVE_PERIOD),
                    WalConfig.DEFAULT,
                    IngesterConfig.DEFAULT_WAL_DISK_BUDGET_BYTES));

    ConfigSection q = root.section("querier");
    QuerierConfig querier =
        build(
            q,
            () ->
                new QuerierConfig(
                    httpAddress,
                    httpPort,
                    multitenancy,
                    positive(q, "query_timeout", QuerierConfig.DEFAULT_QUERY_TIMEOUT),
                    q.intValue("concurrent_block_reads", QuerierConfig.DEFAULT_CONCURRENT_BLOCK_READS),
                    q.integer("block_cache_bytes", QuerierConfig.DEFAULT_BLOCK_CACHE_BYTES)));

    WalConfig[] wal = new WalConfig[1];
    StorageConfig storage = storage(root.section("storage"), wal);
    // The WAL's keys live under storage.trace.wal, its disk budget under ingester.
    IngesterConfig i = ingesterWithoutWal;
    IngesterConfig ingester =
        check(
            "",
            () ->
                new IngesterConfig(
                    i.otlpGrpcEndpoint(), i.otlpHttpEndpoint(), i.multitenancyEnabled(), i.traceIdlePeriod(),
                    i.maxBlockDuration(), i.maxBlockBytes(), i.completeBlockTimeout(), i.flushCheckPeriod(),
                    i.maxRequestBytes(), i.traceLivePeriod(), wal[0], walDiskBudget, maxMemoryBytes));
    CompactorConfig compactor = compactor(root.section("compactor"));
    OverridesConfig overrides = overrides(root.section("overrides"));
    Optional<MemberlistConfig> memberlist =
        root.raw("memberlist") == null ? Optional.empty() : Optional.of(memberlist(root.section("memberlist")));
    root.finish();
    ClusterConfig cluster = new ClusterConfig(memberlist, (int) replicationFactor);
    return new AndanteConfig(target, multitenancy, ingester, querier, compactor, storage, overrides, cluster);
  }

  /** {@code memberlist}, Tempo's keys; {@code bind_addr} may be a list, as in Tempo (the first is used). */
  private static MemberlistConfig memberlist(ConfigSection m) {
    JsonNode bindAddrNode = m.raw("bind_addr");
    String bindAddr = MemberlistConfig.DEFAULT_BIND_ADDR;
    if (bindAddrNode != null && bindAddrNode.isArray()) {
      if (bindAddrNode.size() != 1 || !bindAddrNode.get(0).isTextual()) {
        throw new ConfigProblem(m.pathOf("bind_addr"), "expected one address, got " + bindAddrNode);
      }
      bindAddr = bindAddrNode.get(0).textValue();
    } else if (bindAddrNode != null) {
      bindAddr = m.string("bind_addr", bindAddr);
    }
    int bindPort = port(m, "bind_port", MemberlistConfig.DEFAULT_BIND_PORT);
    JsonNode joinNode = m.raw("join_members");
    java.util.List<String> join = new java.util.ArrayList<>();
    if (joinNode != null) {
      if (!joinNode.isArray()) {
        throw new ConfigProblem(m.pathOf("join_members"), "expected a list of host:port, got " + ConfigSection.describe(joinNode));
      }
      for (JsonNode member : joinNode) {
        if (!member.isTextual()) {
          throw new ConfigProblem(m.pathOf("join_members"), "expected a list of host:port, got " + joinNode);
        }
        join.add(member.textValue().trim());
      }
    }
    String addr = bindAddr;
    return build(
        m,
        () ->
            new MemberlistConfig(
                addr,
                bindPort,
                join,
                positive(m, "heartbeat_interval", MemberlistConfig.DEFAULT_HEARTBEAT_INTERVAL),
                positive(m, "dead_after", MemberlistConfig.DEFAULT_DEAD_AFTER),
                port(m, "event_bus_port", Math.min(bindPort + 1, 65535))));
  }

  /** {@code storage.trace}; the WAL's settings other than its path go to {@code walOut[0]}. */
  private static StorageConfig storage(ConfigSection storageSection, WalConfig[] walOut) {
    ConfigSection trace = storageSection.section("trace");
    StorageConfig d = StorageConfig.DEFAULT;
    String backend = trace.string("backend", d.backend());
    if (!backend.equals(StorageConfig.BACKEND_LOCAL) && !backend.equals(StorageConfig.BACKEND_S3)) {
      throw new ConfigProblem(trace.pathOf("backend"), "'" + backend + "' is not a backend; use local or s3");
    }
    ConfigSection local = trace.section("local");
    Path localPath = path(local, "path", d.localPath());
    local.finish();
    ConfigSection wal = trace.section("wal");
    Path walPath = path(wal, "path", d.walPath());
    String fsync = wal.string("fsync", WalConfig.DEFAULT_FSYNC.name().toLowerCase(java.util.Locale.ROOT));
    long segmentBytes = wal.integer("segment_bytes", WalConfig.DEFAULT_SEGMENT_BYTES);
    walOut[0] = check("", () -> new WalConfig(FsyncPolicy.parse(fsync), segmentBytes));
    wal.finish();

    ConfigSection s3 = trace.section("s3");
    S3Config s3d = S3Config.DEFAULT;
    S3Config s3Config =
        build(
            s3,
            () ->
                new S3Config(
                    s3.string("bucket", s3d.bucket()),
                    s3.string("prefix", s3d.prefix()),
                    s3.string("endpoint", s3d.endpoint()),
                    s3.string("region", s3d.region()),
                    s3.string("access_key", s3d.accessKey()),
                    s3.string("secret_key", s3d.secretKey()),
                    s3.bool("insecure", s3d.insecure()),
                    s3.bool("forcepathstyle", s3d.forcePathStyle())));
    if (backend.equals(StorageConfig.BACKEND_S3) && s3Config.bucket().isBlank()) {
      throw new ConfigProblem(s3.pathOf("bucket"), "must be set when storage.trace.backend is s3");
    }
    if (s3Config.accessKey().isEmpty() != s3Config.secretKey().isEmpty()) {
      throw new ConfigProblem(
          s3.pathOf(s3Config.accessKey().isEmpty() ? "access_key" : "secret_key"),
          "must be set together with " + (s3Config.accessKey().isEmpty() ? "secret_key" : "access_key"));
    }

    ConfigSection block = trace.section("block");
    BlockConfig bd = BlockConfig.DEFAULT;
    BlockConfig blockConfig =
        build(
            block,
            () ->
                new BlockConfig(
                    block.decimal("bloom_filter_false_positive", bd.bloomFalsePositive()),
                    block.intValue("bloom_filter_shard_size_bytes", bd.bloomShardSizeBytes()),
                    block.integer("parquet_row_group_size_bytes", bd.rowGroupSizeBytes())));
    Duration blocklistPoll = positive(trace, "blocklist_poll", d.blocklistPoll());
    StorageConfig config =
        build(trace, () -> new StorageConfig(backend, localPath, walPath, s3Config, blockConfig, blocklistPoll));
    storageSection.finish();
    return config;
  }

  private static CompactorConfig compactor(ConfigSection compactorSection) {
    ConfigSection c = compactorSection.section("compaction");
    CompactorConfig d = CompactorConfig.DEFAULT;
    CompactorConfig config =
        build(
            c,
            () ->
                new CompactorConfig(
                    positive(c, "block_retention", d.blockRetention()),
                    positive(c, "compacted_block_retention", d.compactedBlockRetention()),
                    positive(c, "compaction_window", d.compactionWindow()),
                    positive(c, "compaction_cycle", d.compactionCycle()),
                    positiveInteger(c, "max_compaction_objects", d.maxCompactionObjects()),
                    positiveInteger(c, "max_block_bytes", d.maxBlockBytes()),
                    d.maxInputBlocks()));
    compactorSection.finish();
    return config;
  }

  private static OverridesConfig overrides(ConfigSection o) {
    JsonNode defaults = o.raw("defaults");
    if (defaults != null && !defaults.isObject()) {
      throw new ConfigProblem(o.pathOf("defaults"), "expected a mapping of keys to values, got " + ConfigSection.describe(defaults));
    }
    Map<String, Object> defaultsMap =
        defaults == null ? Map.of() : YAML.convertValue(defaults, new TypeReference<Map<String, Object>>() {});
    String perTenant = o.string("per_tenant_override_config", "");
    // Checked now, so a typo in a limit stops start-up with the key's name.
    check("", () -> LimitsParser.parse(defaultsMap, Limits.DEFAULT, "overrides.defaults"));
    o.finish();
    return new OverridesConfig(defaultsMap, perTenant);
  }

  /** Builds a record from {@code section}, then checks no unknown key is left in it. */
  private static <T> T build(ConfigSection section, Supplier<T> constructor) {
    T value = check(section.path(), constructor);
    section.finish();
    return value;
  }

  /**
   * Runs a record constructor, turning its IllegalArgumentException into a problem that names the
   * key. Records name their keys either in full ({@code ingester.max_block_bytes must be ...}) or by
   * their last part ({@code bloom_filter_false_positive must be ...}); the latter gets the section's
   * path in front.
   */
  private static <T> T check(String sectionPath, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (ConfigProblem e) {
      throw e;
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String firstWord = message.split(" ", 2)[0];
      if (!sectionPath.isEmpty() && firstWord.matches("[a-z_]+") && !message.startsWith(sectionPath)) {
        throw new ConfigProblem(sectionPath + "." + message);
      }
      throw new ConfigProblem(message);
    }
  }

  private static Target target(ConfigSection root) {
    String value = root.string("target", Target.ALL.key());
    try {
      return Target.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(root.pathOf("target"), e.getMessage());
    }
  }

  private static Duration positive(ConfigSection s, String key, Duration defaultValue) {
    Duration d = s.duration(key, defaultValue);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigProblem(s.pathOf(key), "must be a positive duration, got '" + Durations.format(d) + "'");
    }
    return d;
  }

  private static long positiveInteger(ConfigSection s, String key, long defaultValue) {
    long value = s.integer(key, defaultValue);
    if (value <= 0) {
      throw new ConfigProblem(s.pathOf(key), "must be positive, got " + value);
    }
    return value;
  }

  private static int port(ConfigSection s, String key, int defaultValue) {
    long value = s.integer(key, defaultValue);
    if (value < 0 || value > 65535) {
      throw new ConfigProblem(s.pathOf(key), "must be a port between 0 and 65535, got " + value);
    }
    return (int) value;
  }

  /** A {@code host:port} endpoint; the host may be empty (all interfaces) or a bracketed IPv6. */
  private static String endpoint(ConfigSection s, String key, String defaultValue) {
    String value = s.string(key, defaultValue).trim();
    int colon = value.lastIndexOf(':');
    String port = colon < 0 ? "" : value.substring(colon + 1);
    boolean valid = port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535;
    if (!valid) {
      throw new ConfigProblem(s.pathOf(key), "'" + value + "' is not a host:port endpoint (e.g. 0.0.0.0:4317)");
    }
    return value;
  }

  private static Path path(ConfigSection s, String key, Path defaultValue) {
    String value = s.string(key, null);
    if (value == null) {
      return defaultValue;
    }
    if (value.isBlank()) {
      throw new ConfigProblem(s.pathOf(key), "must not be empty");
    }
    try {
      return Path.of(value);
    } catch (RuntimeException e) {
      throw new ConfigProblem(s.pathOf(key), "'" + value + "' is not a path: " + e.getMessage());
    }
  }

  private static void finishAll(ConfigSection... sections) {
    for (ConfigSection s : sections) {
      s.finish();
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static YAMLMapper yamlMapper() {
    YAMLMapper mapper = new YAMLMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper;
  }
}
