package dev.andante.benchmarks.e2e;

import dev.andante.benchmarks.generator.RequestBatcher;
import dev.andante.benchmarks.generator.TraceGenerator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Export requests generated once, before the clock starts, and sent again and again with new IDs:
 * request {@code i} of round {@code r} is request {@code i} with the first four bytes of every
 * trace, span and parent span ID XORed with {@code r}, and every timestamp moved {@code r} times the
 * pool's time span later. Rewriting those bytes in the serialized OTLP and in the Zipkin JSON costs
 * a copy, so the load generator spends its CPU on sending, not on generating; no ID repeats and
 * time moves on (Zipkin's in-memory store evicts the oldest traces by timestamp), while names and
 * attribute values repeat from round to round. Immutable after construction; the copies it hands out are new arrays.
 */
final class RequestPool {
  private static final HexFormat HEX = HexFormat.of();

  /** A trace in a request: its ID in hex and its time range, to look it up later. */
  record TraceRef(String idHex, long startNanos, long endNanos) {}

  private record Entry(
      byte[] otlp, int[] otlpIdOffsets, int[] otlpSpanIdOffsets, int[] otlpTimeOffsets, byte[] zipkin,
      int[] zipkinIdOffsets, int[] zipkinSpanIdOffsets, int[] zipkinTimeOffsets, int spans, List<TraceRef> traces) {}

  private final List<Entry> entries;
  private final long spans;
  private final long roundNanos;

  private RequestPool(List<Entry> entries) {
    this.entries = entries;
    this.spans = entries.stream().mapToLong(Entry::spans).sum();
    long first = entries.stream().flatMap(e -> e.traces().stream()).mapToLong(TraceRef::startNanos).min().orElse(0);
    long last = entries.stream().flatMap(e -> e.traces().stream()).mapToLong(TraceRef::endNanos).max().orElse(0);
    // Whole seconds, so shifted times stay whole microseconds and hints stay exact.
    this.roundNanos = ((last - first) / 1_000_000_000L + 1) * 1_000_000_000L;
  }

  /** How much later each round's timestamps are than the previous round's. */
  long roundNanos() {
    return roundNanos;
  }

  /** About {@code spans} spans of {@code generator}'s traces, {@code batchSpans} a request, starting at {@code startNanos}. */
  static RequestPool generate(TraceGenerator generator, long spans, int batchSpans, long startNanos, boolean zipkin) {
    List<Entry> entries = new ArrayList<>();
    RequestBatcher batcher = new RequestBatcher(batchSpans, request -> entries.add(entry(request, zipkin)));
    long added = 0;
    long at = startNanos;
    while (added < spans) {
      added += batcher.add(generator.next(at));
      at += 2_000_000;
    }
    batcher.flush();
    return new RequestPool(entries);
  }

  static RequestPool of(List<ExportTraceServiceRequest> requests, boolean zipkin) {
    return new RequestPool(requests.stream().map(r -> entry(r, zipkin)).toList());
  }

  private static Entry entry(ExportTraceServiceRequest request, boolean zipkin) {
    byte[] otlp = request.toByteArray();
    Map<String, long[]> ranges = new LinkedHashMap<>();
    List<String> spanIds = new ArrayList<>();
    java.util.Set<Long> times = new java.util.HashSet<>();
    int spans = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          spans++;
          spanIds.add(HEX.formatHex(span.getSpanId().toByteArray()));
          times.add(span.getStartTimeUnixNano());
          times.add(span.getEndTimeUnixNano());
          span.getEventsList().forEach(e -> times.add(e.getTimeUnixNano()));
          long[] range = ranges.computeIfAbsent(HEX.formatHex(span.getTraceId().toByteArray()), k -> new long[] {Long.MAX_VALUE, 0});
          range[0] = Math.min(range[0], span.getStartTimeUnixNano());
          range[1] = Math.max(range[1], span.getEndTimeUnixNano());
        }
      }
    }
    List<TraceRef> traces = new ArrayList<>();
    ranges.forEach((id, range) -> traces.add(new TraceRef(id, range[0], range[1])));
    ZipkinJson.Encoded json = zipkin ? ZipkinJson.encode(request)
        : new ZipkinJson.Encoded(new byte[0], new int[0], new int[0], new int[0]);
    return new Entry(otlp, idOffsets(otlp, ranges.keySet(), 0x0A, 16), spanIdOffsets(otlp, spanIds), timeOffsets(otlp, times),
        json.json(), json.traceIdOffsets(), json.spanIdOffsets(), json.timestampOffsets(), spans, List.copyOf(traces));
  }

  /**
   * Where a known timestamp's 8 little-endian bytes follow the tag of a fixed64 time field: a span's
   * {@code start_time_unix_nano} (field 7, tag 0x39) and {@code end_time_unix_nano} (field 8, tag
   * 0x41), an event's {@code time_unix_nano} (field 1, tag 0x09).
   */
  static int[] timeOffsets(byte[] otlp, java.util.Set<Long> times) {
    ByteBuffer le = ByteBuffer.wrap(otlp).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i + 9 <= otlp.length; i++) {
      int tag = otlp[i];
      if ((tag == 0x39 || tag == 0x41 || tag == 0x09) && times.contains(le.getLong(i + 1))) {
        offsets.add(i + 1);
        i += 8;
      }
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@code span_id} (field 2) and {@code parent_span_id} (field 4) of a span, 8 bytes each. */
  static int[] spanIdOffsets(byte[] otlp, List<String> spanIds) {
    int[] spanId = idOffsets(otlp, spanIds, 0x12, 8);
    int[] parent = idOffsets(otlp, spanIds, 0x22, 8);
    int[] all = java.util.Arrays.copyOf(spanId, spanId.length + parent.length);
    System.arraycopy(parent, 0, all, spanId.length, parent.length);
    return all;
  }

  /**
   * Where the {@code length} bytes of a known ID follow the tag byte {@code tag} and that length in
   * serialized OTLP (a {@code trace_id}: tag 0x0A, 16 bytes). Span links' IDs would match too, and
   * should: they move with the rest.
   */
  static int[] idOffsets(byte[] otlp, Iterable<String> idsHex, int tag, int length) {
    Map<ByteBuffer, Boolean> ids = new HashMap<>();
    for (String id : idsHex) {
      ids.put(ByteBuffer.wrap(HEX.parseHex(id)), true);
    }
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i + 2 + length <= otlp.length; i++) {
      if (otlp[i] == tag && otlp[i + 1] == length && ids.containsKey(ByteBuffer.wrap(otlp, i + 2, length).slice())) {
        offsets.add(i + 2);
        i += 1 + length;
      }
    }
    return offsets.stream().mapToInt(Integer::intValue).toArray();
  }

  int size() {
    return entries.size();
  }

  long spans() {
    return spans;
  }

  int spans(int index) {
    return entries.get(index).spans();
  }

  /** Request {@code index} of round {@code round} as a gRPC message: 5-byte frame header, then the protobuf. */
  byte[] grpcMessage(int index, int round) {
    Entry e = entries.get(index);
    byte[] framed = new byte[e.otlp().length + 5];
    framed[0] = 0; // not compressed
    ByteBuffer.wrap(framed, 1, 4).putInt(e.otlp().length);
    System.arraycopy(e.otlp(), 0, framed, 5, e.otlp().length);
    for (int offset : e.otlpIdOffsets()) {
      xorBytes(framed, offset + 5, round);
    }
    for (int offset : e.otlpSpanIdOffsets()) {
      xorBytes(framed, offset + 5, round);
    }
    if (round > 0) {
      ByteBuffer le = ByteBuffer.wrap(framed).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int offset : e.otlpTimeOffsets()) {
        le.putLong(offset + 5, le.getLong(offset + 5) + round * roundNanos);
      }
    }
    return framed;
  }

  /** Request {@code index} of round {@code round} as Zipkin JSON v2. */
  byte[] zipkinJson(int index, int round) {
    Entry e = entries.get(index);
    byte[] json = e.zipkin().clone();
    for (int offset : e.zipkinIdOffsets()) {
      xorHex(json, offset, round);
    }
    for (int offset : e.zipkinSpanIdOffsets()) {
      xorHex(json, offset, round);
    }
    if (round > 0) {
      for (int offset : e.zipkinTimeOffsets()) {
        addMicros(json, offset, round * roundNanos / 1000);
      }
    }
    return json;
  }

  /** The traces of request {@code index} in round {@code round}. */
  List<TraceRef> traces(int index, int round) {
    List<TraceRef> out = new ArrayList<>();
    for (TraceRef t : entries.get(index).traces()) {
      byte[] id = HEX.parseHex(t.idHex());
      xorBytes(id, 0, round);
      out.add(new TraceRef(HEX.formatHex(id), t.startNanos() + round * roundNanos, t.endNanos() + round * roundNanos));
    }
    return out;
  }

  static void xorBytes(byte[] bytes, int offset, int round) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.putInt(offset, buffer.getInt(offset) ^ round);
  }

  /** Adds {@code micros} to the 16 decimal digits at {@code offset}; they stay 16 digits until 2286. */
  static void addMicros(byte[] ascii, int offset, long micros) {
    long value = Long.parseLong(new String(ascii, offset, 16, java.nio.charset.StandardCharsets.US_ASCII)) + micros;
    byte[] digits = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (digits.length != 16) {
      throw new IllegalStateException("Cannot shift a timestamp: " + value + " µs is not 16 digits");
    }
    System.arraycopy(digits, 0, ascii, offset, 16);
  }

  static void xorHex(byte[] ascii, int offset, int round) {
    int value = Integer.parseUnsignedInt(new String(ascii, offset, 8, java.nio.charset.StandardCharsets.US_ASCII), 16) ^ round;
    byte[] hex = HEX.toHexDigits(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, ascii, offset, 8);
  }
}
