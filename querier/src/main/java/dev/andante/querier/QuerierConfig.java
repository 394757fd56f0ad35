package dev.andante.querier;

import dev.andante.blockformat.encoding.BlockCache;
import java.time.Duration;

/**
 * The querier's settings ({@code server.*}, {@code querier.*}).
 *
 * @param httpListenAddress address the HTTP API binds to
 * @param httpListenPort port of the HTTP API
 * @param multitenancyEnabled take the tenant from {@code X-Scope-OrgID} (required)
 * @param queryTimeout a trace-by-ID request gives up after this long
 * @param concurrentBlockReads how many blocks one lookup reads at once
 * @param blockCacheBytes heap, estimated, that block readers may hold for fast lookups (trace-ID
 *     fingerprints, bloom shards, Parquet footers); past it the least recently used are dropped and
 *     read again when needed
 */
public record QuerierConfig(
    String httpListenAddress,
    int httpListenPort,
    boolean multitenancyEnabled,
    Duration queryTimeout,
    int concurrentBlockReads,
    long blockCacheBytes) {
  public static final String DEFAULT_HTTP_LISTEN_ADDRESS = "0.0.0.0";
  public static final int DEFAULT_HTTP_LISTEN_PORT = 3200;
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_CONCURRENT_BLOCK_READS = 16;
  public static final long DEFAULT_BLOCK_CACHE_BYTES = BlockCache.DEFAULT_MAX_BYTES;

  public static final QuerierConfig DEFAULT =
      new QuerierConfig(
          DEFAULT_HTTP_LISTEN_ADDRESS,
          DEFAULT_HTTP_LISTEN_PORT,
          false,
          DEFAULT_QUERY_TIMEOUT,
          DEFAULT_CONCURRENT_BLOCK_READS,
          DEFAULT_BLOCK_CACHE_BYTES);

  /** Settings with the default {@code querier.block_cache_bytes}. */
  public QuerierConfig(
      String httpListenAddress,
      int httpListenPort,
      boolean multitenancyEnabled,
      Duration queryTimeout,
      int concurrentBlockReads) {
    this(httpListenAddress, httpListenPort, multitenancyEnabled, queryTimeout, concurrentBlockReads, DEFAULT_BLOCK_CACHE_BYTES);
  }

  public QuerierConfig {
    if (httpListenPort < 0 || httpListenPort > 65535) {
      throw new IllegalArgumentException(
          "server.http_listen_port must be between 0 and 65535, got " + httpListenPort);
    }
    if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("querier.query_timeout must be positive, got " + queryTimeout);
    }
    if (concurrentBlockReads < 1) {
      throw new IllegalArgumentException(
          "querier.concurrent_block_reads must be at least 1, got " + concurrentBlockReads);
    }
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException("querier.block_cache_bytes must not be negative, got " + blockCacheBytes);
    }
  }
}
