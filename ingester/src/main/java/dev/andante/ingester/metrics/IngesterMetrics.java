package dev.andante.ingester.metrics;

import dev.andante.blockformat.TenantId;
import dev.andante.ingester.limits.RefusalReason;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The ingester's counters, rendered in the Prometheus text format by {@link #scrape()} so that
 * whichever process serves {@code /metrics} can append them (the ingester module does not depend on
 * the querier's registry). Thread safe; recording is lock-free.
 */
public final class IngesterMetrics {
  private final Map<List<String>, LongAdder> discardedSpans = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refusedRequests = new ConcurrentHashMap<>();
  private final LongAdder acceptedSpans = new LongAdder();
  private final LongAdder blocksFlushed = new LongAdder();
  private final LongAdder flushFailures = new LongAdder();
  private final LongAdder replayedRecords = new LongAdder();
  private final LongAdder relogged = new LongAdder();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  private record Gauge(String help, String type, LongSupplier value) {}

  public void spansAccepted(int spans) {
    acceptedSpans.add(spans);
  }

  /** {@code spans} of {@code tenant} refused for {@code reason}. */
  public void spansDiscarded(TenantId tenant, RefusalReason reason, int spans) {
    discardedSpans.computeIfAbsent(List.of(tenant.value(), reason.label()), k -> new LongAdder()).add(spans);
  }

  /** A whole request refused for {@code reason}. */
  public void requestRefused(RefusalReason reason) {
    refusedRequests.computeIfAbsent(reason.label(), k -> new LongAdder()).increment();
  }

  public void blockFlushed() {
    blocksFlushed.increment();
  }

  /** A flush attempt failed; it will be retried. */
  public void flushFailed() {
    flushFailures.increment();
  }

  /** Live traces appended to the WAL again so that its older segments can be deleted. */
  public void tracesRelogged(int traces) {
    relogged.add(traces);
  }

  public long relogged() {
    return relogged.sum();
  }

  public void recordsReplayed(long records) {
    replayedRecords.add(records);
  }

  /**
   * A value read at scrape time (WAL bytes, fsyncs...).
   *
   * @param type {@code counter} or {@code gauge}
   */
  public void register(String name, String type, String help, LongSupplier value) {
    gauges.put(name, new Gauge(help, type, value));
  }

  public long discardedSpans(TenantId tenant, RefusalReason reason) {
    LongAdder n = discardedSpans.get(List.of(tenant.value(), reason.label()));
    return n == null ? 0 : n.sum();
  }

  public long refusedRequests(RefusalReason reason) {
    LongAdder n = refusedRequests.get(reason.label());
    return n == null ? 0 : n.sum();
  }

  public long flushFailures() {
    return flushFailures.sum();
  }

  /** Every counter in the Prometheus text exposition format (0.0.4). */
  public String scrape() {
    StringBuilder out = new StringBuilder(1024);
    header(out, "andante_ingester_spans_accepted_total", "counter", "Spans accepted and made durable.");
    out.append("andante_ingester_spans_accepted_total ").append(acceptedSpans.sum()).append('\n');
    header(out, "andante_discarded_spans_total", "counter", "Spans refused, by tenant and reason.");
    Map<String, Long> lines = new TreeMap<>();
    discardedSpans.forEach(
        (k, v) -> lines.put("andante_discarded_spans_total{tenant=\"" + escape(k.get(0)) + "\",reason=\"" + k.get(1) + "\"}", v.sum()));
    lines.forEach((series, v) -> out.append(series).append(' ').append(v).append('\n'));
    header(out, "andante_ingester_refused_requests_total", "counter", "OTLP requests refused as a whole, by reason.");
    new TreeMap<>(refusedRequests)
        .forEach((reason, v) -> out.append("andante_ingester_refused_requests_total{reason=\"").append(reason).append("\"} ").append(v.sum()).append('\n'));
    header(out, "andante_ingester_blocks_flushed_total", "counter", "Blocks written to the object store.");
    out.append("andante_ingester_blocks_flushed_total ").append(blocksFlushed.sum()).append('\n');
    header(out, "andante_ingester_flush_failures_total", "counter", "Block flush attempts that failed and were retried.");
    out.append("andante_ingester_flush_failures_total ").append(flushFailures.sum()).append('\n');
    header(out, "andante_ingester_wal_replayed_records_total", "counter", "WAL records replayed at start-up.");
    out.append("andante_ingester_wal_replayed_records_total ").append(replayedRecords.sum()).append('\n');
    header(out, "andante_ingester_wal_relogged_traces_total", "counter", "Live traces appended to the WAL again to free older segments.");
    out.append("andante_ingester_wal_relogged_traces_total ").append(relogged.sum()).append('\n');
    new TreeMap<>(gauges)
        .forEach(
            (name, g) -> {
              header(out, name, g.type(), g.help());
              out.append(name).append(' ').append(g.value().getAsLong()).append('\n');
            });
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
