package dev.andante.benchmarks.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What the load generator wrote: rates, ack latency, and traces among the last acknowledged. */
record LoadResult(
    double spansPerSecond, long okSpans, long okRequests, long failedRequests, String lastFailure, long sentSpans,
    long poolSpans, LatencySummary ack, List<RequestPool.TraceRef> traces) {

  static LoadResult read(Path file) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read load generator results: " + e.getMessage() + " (" + file + ")", e);
    }
    List<RequestPool.TraceRef> traces = new ArrayList<>();
    for (int i = 0; p.containsKey("trace." + i); i++) {
      String[] parts = p.getProperty("trace." + i).split(" ");
      traces.add(new RequestPool.TraceRef(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
    }
    LatencySummary ack = new LatencySummary(Integer.parseInt(p.getProperty("latency_count")),
        Long.parseLong(p.getProperty("latency_p50_nanos")), Long.parseLong(p.getProperty("latency_p99_nanos")),
        Long.parseLong(p.getProperty("latency_max_nanos")));
    return new LoadResult(Double.parseDouble(p.getProperty("spans_per_second")), Long.parseLong(p.getProperty("ok_spans")),
        Long.parseLong(p.getProperty("ok_requests")), Long.parseLong(p.getProperty("failed_requests")),
        p.getProperty("last_failure", ""), Long.parseLong(p.getProperty("sent_spans_total")),
        Long.parseLong(p.getProperty("pool_spans")), ack, traces);
  }
}
