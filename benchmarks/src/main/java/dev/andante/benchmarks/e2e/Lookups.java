package dev.andante.benchmarks.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Trace-by-ID lookups over HTTP, one at a time, timed from request to the last byte of the answer.
 * Found IDs must answer 200, missing ones 404; anything else is counted as wrong. With a GET
 * counter (S3Proxy's), the object-store GETs each lookup caused are counted too: lookups run one
 * after another and the querier polls no blocklist meanwhile, so the difference is the lookup's.
 */
final class Lookups {
  /** What one kind of lookup measured. */
  record Result(String kind, LatencySummary latency, int wrong, double getsPerLookup) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String pathFormat;
  private final LongSupplier gets;

  /**
   * @param pathFormat e.g. {@code /api/traces/%s}; the hex ID replaces {@code %s}
   * @param gets object-store GETs so far, or null when they cannot be counted
   */
  Lookups(String base, String pathFormat, LongSupplier gets) {
    this.base = base;
    this.pathFormat = pathFormat;
    this.gets = gets;
  }

  /** Random 128-bit IDs, each given the time range of one of {@code hintsFrom} for hinted lookups. */
  static List<RequestPool.TraceRef> missing(int count, List<RequestPool.TraceRef> hintsFrom, long seed) {
    Random random = new Random(seed);
    List<RequestPool.TraceRef> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      RequestPool.TraceRef hint = hintsFrom.get(i % hintsFrom.size());
      out.add(new RequestPool.TraceRef(HexFormat.of().formatHex(id), hint.startNanos(), hint.endNanos()));
    }
    return out;
  }

  Result run(String kind, List<RequestPool.TraceRef> traces, boolean found, boolean hinted) {
    long[] nanos = new long[traces.size()];
    int wrong = 0;
    long getsBefore = gets == null ? 0 : gets.getAsLong();
    for (int i = 0; i < traces.size(); i++) {
      RequestPool.TraceRef trace = traces.get(i);
      long t0 = System.nanoTime();
      int status = get(uri(trace, hinted));
      nanos[i] = System.nanoTime() - t0;
      if (status != (found ? 200 : 404)) {
        wrong++;
      }
    }
    double getsPer = gets == null ? Double.NaN : (gets.getAsLong() - getsBefore) / (double) Math.max(1, traces.size());
    return new Result(kind, LatencySummary.of(nanos), wrong, getsPer);
  }

  String uri(RequestPool.TraceRef trace, boolean hinted) {
    String uri = base + String.format(pathFormat, trace.idHex());
    if (hinted) {
      uri += "?start=" + Math.floorDiv(trace.startNanos(), 1_000_000_000L) + "&end=" + (Math.floorDiv(trace.endNanos(), 1_000_000_000L) + 1);
    }
    return uri;
  }

  private int get(String uri) {
    try {
      HttpResponse<byte[]> response = http.send(
          HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot look up traces: interrupted", e);
    }
  }
}
