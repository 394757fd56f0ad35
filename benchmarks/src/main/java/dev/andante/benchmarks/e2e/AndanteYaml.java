package dev.andante.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The YAML config the harness starts Andante with: every port on 127.0.0.1 and ephemeral (the
 * harness reads the bound ports from the start-up log line), ingestion limits off (the harness
 * measures the engine, not the default rate limit of 15 MB/s), blocks cut often so ingest leaves
 * several, and the compactor's cycle long, so block counts stay as the harness made them.
 */
record AndanteYaml(
    StoreTarget store, Path walDir, Duration traceIdlePeriod, Duration maxBlockDuration, long maxBlockBytes, String fsync) {

  /** Where blocks go: a local directory, or a bucket on an S3 endpoint with static keys. */
  record StoreTarget(Path localDir, String s3Endpoint, String bucket, String accessKey, String secretKey) {
    static StoreTarget local(Path dir) {
      return new StoreTarget(dir, null, null, null, null);
    }

    static StoreTarget s3(String endpoint, String bucket, String accessKey, String secretKey) {
      return new StoreTarget(null, endpoint, bucket, accessKey, secretKey);
    }

    boolean isS3() {
      return s3Endpoint != null;
    }
  }

  AndanteYaml {
    if (!fsync.equals("always") && !fsync.equals("never")) {
      throw new IllegalArgumentException("fsync must be always or never, got " + fsync);
    }
    if (maxBlockBytes < 1) {
      throw new IllegalArgumentException("maxBlockBytes must be positive, got " + maxBlockBytes);
    }
  }

  String render() {
    StringBuilder y = new StringBuilder();
    y.append("server: {http_listen_address: 127.0.0.1, http_listen_port: 0}\n");
    y.append("distributor:\n  receivers:\n    otlp:\n      protocols:\n");
    y.append("        grpc: {endpoint: \"127.0.0.1:0\"}\n        http: {endpoint: \"127.0.0.1:0\"}\n");
    y.append("ingester:\n");
    y.append("  trace_idle_period: ").append(go(traceIdlePeriod)).append('\n');
    y.append("  max_block_duration: ").append(go(maxBlockDuration)).append('\n');
    y.append("  max_block_bytes: ").append(maxBlockBytes).append('\n');
    y.append("  flush_check_period: 1s\n");
    y.append("storage:\n  trace:\n");
    if (store.isS3()) {
      y.append("    backend: s3\n    s3:\n");
      y.append("      bucket: ").append(store.bucket()).append('\n');
      y.append("      endpoint: \"").append(store.s3Endpoint()).append("\"\n");
      y.append("      access_key: ").append(store.accessKey()).append('\n');
      y.append("      secret_key: ").append(store.secretKey()).append('\n');
      y.append("      insecure: true\n      forcepathstyle: true\n");
    } else {
      y.append("    backend: local\n    local:\n      path: ").append(quoted(store.localDir())).append('\n');
    }
    y.append("    wal:\n      path: ").append(quoted(walDir)).append("\n      fsync: ").append(fsync).append('\n');
    y.append("    blocklist_poll: 1h\n");
    y.append("compactor:\n  compaction:\n    compaction_cycle: 24h\n");
    y.append("overrides:\n  defaults:\n");
    y.append("    ingestion: {rate_limit_bytes: 0, burst_size_bytes: 0, max_traces_per_user: 0}\n");
    y.append("    global: {max_bytes_per_trace: 0}\n");
    return y.toString();
  }

  /** A duration as Andante's config reads it: whole milliseconds, seconds or minutes. */
  static String go(Duration d) {
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  private static String quoted(Path path) {
    return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
