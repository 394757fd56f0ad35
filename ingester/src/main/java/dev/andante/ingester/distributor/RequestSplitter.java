package dev.andante.ingester.distributor;

import dev.andante.blockformat.TraceId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the protobuf bytes of an ExportTraceServiceRequest into one {@link EncodedPiece} per trace
 * ID without decoding it into messages: one pass reads the resource/scope/span framing and the span
 * IDs, checks everything else as the protobuf parser would (lengths, varints, UTF-8 strings), and
 * each trace's spans are copied out with their scope headers re-framed around them; a resource's
 * fields are copied once a request and shared by its pieces.
 * Invalid spans (bad IDs) are left out and counted. Pieces come in order of each trace's first span,
 * spans in request order, so a logged request splits again into the same pieces. Not thread safe;
 * one per request.
 */
final class RequestSplitter {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int TAG_RESOURCE_SPANS = 1 << 3 | WireReader.LEN;
  /** scope_spans in ResourceSpans and spans in ScopeSpans are both field 2. */
  private static final int TAG_FIELD_2 = 2 << 3 | WireReader.LEN;

  /**
   * The outcome of a split.
   *
   * @param pieces one per trace ID, in order of first appearance
   * @param accepted valid spans, all in {@code pieces}
   * @param refused invalid spans by problem
   */
  record Split(List<EncodedPiece> pieces, int accepted, RefusedSpans refused) {}

  private final WireReader in;
  private final RefusedSpans refused = new RefusedSpans();
  // Per span: its field's payload, its scope, its trace ordinal.
  private int spans;
  private int[] spanOffset = new int[64];
  private int[] spanLength = new int[64];
  private int[] spanScope = new int[64];
  private int[] spanTrace = new int[64];
  // Per ScopeSpans: its ResourceSpans and every field but its spans, as encoded.
  private int scopes;
  private int[] scopeResource = new int[16];
  private byte[][] scopeHeader = new byte[16][];
  // Per ResourceSpans: every field but its scope_spans, as encoded.
  private int resources;
  private byte[][] resourceHeader = new byte[8][];
  private final List<TraceId> traces = new ArrayList<>();
  private final TraceTable table = new TraceTable();

  private RequestSplitter(byte[] request) {
    this.in = new WireReader(request);
  }

  /**
   * Splits {@code request}.
   *
   * @throws MalformedRequestException when it is not a valid protobuf ExportTraceServiceRequest
   */
  static Split split(byte[] request) {
    RequestSplitter splitter = new RequestSplitter(request);
    splitter.scan();
    return new Split(splitter.pieces(), splitter.spans, splitter.refused);
  }

  private void scan() {
    while (in.hasMore()) {
      int tag = in.tag();
      if (tag == TAG_RESOURCE_SPANS) {
        int length = in.length();
        int end = in.pos + length;
        int outer = in.limit;
        in.limit = end;
        scanResourceSpans();
        in.limit = outer;
      } else {
        in.skip(tag & 7);
      }
    }
  }

  private void scanResourceSpans() {
    int resource = resources++;
    if (resource == resourceHeader.length) {
      resourceHeader = Arrays.copyOf(resourceHeader, resource * 2);
    }
    Header header = new Header(in.buf);
    while (in.hasMore()) {
      int start = in.pos;
      int tag = in.tag();
      if (tag == TAG_FIELD_2) {
        int length = in.length();
        int outer = in.limit;
        in.limit = in.pos + length;
        scanScopeSpans(resource);
        in.limit = outer;
        continue;
      }
      if (tag == (1 << 3 | WireReader.LEN)) {
        in.message(Schema.RESOURCE, in.length(), 2);
      } else if (tag == (3 << 3 | WireReader.LEN)) {
        int length = in.length();
        in.checkUtf8(in.pos, length);
        in.pos += length;
      } else {
        in.skip(tag & 7);
      }
      header.add(start, in.pos);
    }
    resourceHeader[resource] = header.bytes();
  }

  private void scanScopeSpans(int resource) {
    int scope = scopes++;
    if (scope == scopeHeader.length) {
      scopeHeader = Arrays.copyOf(scopeHeader, scope * 2);
      scopeResource = Arrays.copyOf(scopeResource, scope * 2);
    }
    scopeResource[scope] = resource;
    Header header = new Header(in.buf);
    while (in.hasMore()) {
      int start = in.pos;
      int tag = in.tag();
      if (tag == TAG_FIELD_2) {
        int length = in.length();
        scanSpan(scope, length);
        continue;
      }
      if (tag == (1 << 3 | WireReader.LEN)) {
        in.message(Schema.SCOPE, in.length(), 3);
      } else if (tag == (3 << 3 | WireReader.LEN)) {
        int length = in.length();
        in.checkUtf8(in.pos, length);
        in.pos += length;
      } else {
        in.skip(tag & 7);
      }
      header.add(start, in.pos);
    }
    scopeHeader[scope] = header.bytes();
  }

  private void scanSpan(int scope, int length) {
    int offset = in.pos;
    int outer = in.limit;
    in.limit = offset + length;
    int traceId = -1;
    int traceIdLength = 0;
    int spanId = -1;
    int spanIdLength = 0;
    int parentLength = 0;
    while (in.hasMore()) {
      int tag = in.tag();
      int field = tag >>> 3;
      if ((tag & 7) == WireReader.LEN && (field == 1 || field == 2 || field == 4)) {
        int idLength = in.length();
        // Singular fields: the last occurrence wins, as in the protobuf parser.
        if (field == 1) {
          traceId = in.pos;
          traceIdLength = idLength;
        } else if (field == 2) {
          spanId = in.pos;
          spanIdLength = idLength;
        } else {
          parentLength = idLength;
        }
        in.pos += idLength;
      } else {
        in.field(Schema.SPAN, tag, 4);
      }
    }
    in.limit = outer;
    String problem = SpanValidator.problem(in.buf, traceId, traceIdLength, spanId, spanIdLength, parentLength);
    if (problem != null) {
      refused.add(problem);
      return;
    }
    if (spans == spanOffset.length) {
      int size = spans * 2;
      spanOffset = Arrays.copyOf(spanOffset, size);
      spanLength = Arrays.copyOf(spanLength, size);
      spanScope = Arrays.copyOf(spanScope, size);
      spanTrace = Arrays.copyOf(spanTrace, size);
    }
    spanOffset[spans] = offset;
    spanLength[spans] = length;
    spanScope[spans] = scope;
    spanTrace[spans] = traceOrdinal(traceId);
    spans++;
  }

  private int traceOrdinal(int offset) {
    long high = (long) LONGS.get(in.buf, offset);
    long low = (long) LONGS.get(in.buf, offset + 8);
    int ordinal = table.ordinal(high, low, traces.size());
    if (ordinal == traces.size()) {
      traces.add(TraceId.of(high, low));
    }
    return ordinal;
  }

  /** The valid spans, one piece per trace: resource and scope headers around each run of spans. */
  private List<EncodedPiece> pieces() {
    int traceCount = traces.size();
    // Counting sort of the spans by trace, keeping request order within a trace.
    int[] first = new int[traceCount + 1];
    for (int s = 0; s < spans; s++) {
      first[spanTrace[s] + 1]++;
    }
    for (int t = 0; t < traceCount; t++) {
      first[t + 1] += first[t];
    }
    int[] order = new int[spans];
    int[] next = Arrays.copyOf(first, traceCount);
    for (int s = 0; s < spans; s++) {
      order[next[spanTrace[s]]++] = s;
    }
    int[] scopeSizes = new int[spans];
    List<EncodedPiece> pieces = new ArrayList<>(traceCount);
    for (int t = 0; t < traceCount; t++) {
      pieces.add(piece(traces.get(t), order, first[t], first[t + 1], scopeSizes));
    }
    return pieces;
  }

  private EncodedPiece piece(TraceId id, int[] order, int from, int to, int[] scopeSizes) {
    // First pass: the size of every scope run, so each can be length-prefixed.
    int total = 0;
    int scopeRuns = 0;
    int resourceRuns = 0;
    for (int i = from; i < to; ) {
      int resource = scopeResource[spanScope[order[i]]];
      int resourceBody = 0;
      while (i < to && scopeResource[spanScope[order[i]]] == resource) {
        int scope = spanScope[order[i]];
        int scopeBody = scopeHeader[scope].length;
        for (; i < to && spanScope[order[i]] == scope; i++) {
          scopeBody += fieldSize(spanLength[order[i]]);
        }
        scopeSizes[scopeRuns++] = scopeBody;
        resourceBody += fieldSize(scopeBody);
      }
      resourceRuns++;
      total += resourceBody;
    }
    // Second pass: the scope_spans of each resource run; the resource's own fields are shared.
    byte[] out = new byte[total];
    byte[][] resourceFields = new byte[resourceRuns][];
    int[] ends = new int[resourceRuns];
    int at = 0;
    scopeRuns = 0;
    resourceRuns = 0;
    for (int i = from; i < to; ) {
      int resource = scopeResource[spanScope[order[i]]];
      while (i < to && scopeResource[spanScope[order[i]]] == resource) {
        int scope = spanScope[order[i]];
        out[at++] = TAG_FIELD_2;
        at = putVarint(out, at, scopeSizes[scopeRuns++]);
        at = put(out, at, scopeHeader[scope]);
        for (; i < to && spanScope[order[i]] == scope; i++) {
          int span = order[i];
          out[at++] = TAG_FIELD_2;
          at = putVarint(out, at, spanLength[span]);
          System.arraycopy(in.buf, spanOffset[span], out, at, spanLength[span]);
          at += spanLength[span];
        }
      }
      resourceFields[resourceRuns] = resourceHeader[resource];
      ends[resourceRuns++] = at;
    }
    return EncodedPiece.of(id, to - from, resourceFields, out, ends);
  }

  /** Bytes of a length-delimited field with a one-byte tag and a body of {@code length}. */
  private static int fieldSize(int length) {
    return 1 + varintSize(length) + length;
  }

  private static int varintSize(int value) {
    return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
  }

  private static int putVarint(byte[] out, int at, int value) {
    while ((value & ~0x7f) != 0) {
      out[at++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  private static int put(byte[] out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  /** The encoded fields of a message other than its children, gathered as ranges and copied once. */
  private static final class Header {
    private final byte[] buf;
    private int[] ranges = new int[4];
    private int count;
    private int size;

    Header(byte[] buf) {
      this.buf = buf;
    }

    void add(int start, int end) {
      if (count > 0 && ranges[count - 1] == start) {
        ranges[count - 1] = end; // adjacent to the previous field
      } else {
        if (count == ranges.length) {
          ranges = Arrays.copyOf(ranges, count * 2);
        }
        ranges[count++] = start;
        ranges[count++] = end;
      }
      size += end - start;
    }

    byte[] bytes() {
      byte[] out = new byte[size];
      int at = 0;
      for (int i = 0; i < count; i += 2) {
        System.arraycopy(buf, ranges[i], out, at, ranges[i + 1] - ranges[i]);
        at += ranges[i + 1] - ranges[i];
      }
      return out;
    }
  }

  /** Trace IDs to ordinals: open addressing on the two halves of the ID. */
  private static final class TraceTable {
    private long[] highs = new long[64];
    private long[] lows = new long[64];
    private int[] ordinals = new int[64];
    private int size;

    /** The ordinal of the ID, or {@code next} (then taken by it) when it is new. */
    int ordinal(long high, long low, int next) {
      int mask = highs.length - 1;
      int slot = hash(high, low) & mask;
      while (ordinals[slot] != 0) {
        if (highs[slot] == high && lows[slot] == low) {
          return ordinals[slot] - 1;
        }
        slot = (slot + 1) & mask;
      }
      highs[slot] = high;
      lows[slot] = low;
      ordinals[slot] = next + 1;
      if (++size * 2 > highs.length) {
        grow();
      }
      return next;
    }

    private static int hash(long high, long low) {
      long h = (high * 0x9E3779B97F4A7C15L) ^ low;
      h *= 0xC2B2AE3D27D4EB4FL;
      return (int) (h ^ (h >>> 32));
    }

    private void grow() {
      long[] oldHighs = highs;
      long[] oldLows = lows;
      int[] oldOrdinals = ordinals;
      int capacity = oldHighs.length * 2;
      highs = new long[capacity];
      lows = new long[capacity];
      ordinals = new int[capacity];
      int mask = capacity - 1;
      for (int i = 0; i < oldHighs.length; i++) {
        if (oldOrdinals[i] != 0) {
          int slot = hash(oldHighs[i], oldLows[i]) & mask;
          while (ordinals[slot] != 0) {
            slot = (slot + 1) & mask;
          }
          highs[slot] = oldHighs[i];
          lows[slot] = oldLows[i];
          ordinals[slot] = oldOrdinals[i];
        }
      }
    }
  }
}
