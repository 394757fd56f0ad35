package dev.andante.querier.http;

import dev.andante.querier.metrics.Counter;
import dev.andante.querier.metrics.Histogram;
import dev.andante.querier.metrics.MetricsRegistry;
import dev.andante.querier.tracebyid.TraceLookup;

/** The querier's own metrics, registered in a shared {@link MetricsRegistry}. */
final class QuerierMetrics {
  private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  private static final double[] BLOCK_BUCKETS = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  private final Counter requests;
  private final Histogram requestSeconds;
  private final Counter lookups;
  private final Counter blockFailures;
  private final Counter recentFailures;
  private final Histogram blocksPerLookup;

  QuerierMetrics(MetricsRegistry registry) {
    requests = registry.counter(
        "andante_querier_requests_total", "HTTP requests answered, by route and status code.", "route", "status");
    requestSeconds = registry.histogram(
        "andante_querier_request_duration_seconds", "Time to answer an HTTP request.", LATENCY_BUCKETS, "route");
    lookups = registry.counter(
        "andante_querier_trace_lookups_total",
        "Trace-by-ID lookups by result: found, partial (found, a source failed), not_found, timeout.",
        "result");
    blockFailures = registry.counter(
        "andante_querier_block_read_failures_total", "Blocks that failed to read during a trace lookup.");
    recentFailures = registry.counter(
        "andante_querier_recent_read_failures_total", "Lookups whose recent-trace (ingester) source failed.");
    blocksPerLookup = registry.histogram(
        "andante_querier_blocks_read_per_lookup",
        "Blocks read by one trace lookup, after pruning by time range and trace-ID range.",
        BLOCK_BUCKETS);
  }

  void request(String route, int status, long nanos) {
    requests.inc(route, Integer.toString(status));
    requestSeconds.observe(nanos / 1e9, route);
  }

  void lookup(TraceLookup lookup) {
    String result = lookup.trace().isEmpty() ? "not_found" : lookup.partial() ? "partial" : "found";
    lookups.inc(result);
    blockFailures.add(lookup.blockFailures());
    recentFailures.add(lookup.recentFailures());
    blocksPerLookup.observe(lookup.blocksRead());
  }

  void lookupTimedOut() {
    lookups.inc("timeout");
  }
}
