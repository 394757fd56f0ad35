package dev.andante.ingester.flush;

import dev.andante.blockformat.trace.WireCursor;

import dev.andante.ingester.distributor.EncodedPiece;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the pieces of one trace on the wire, as {@link dev.andante.blockformat.trace.TraceCombiner}
 * combines decoded ones: ResourceSpans with the same resource and schema URL become one, and within
 * it ScopeSpans with the same scope and schema URL; a span ID seen before is dropped (the first
 * wins), spans without an ID are all kept; everything keeps the order in which it was first seen.
 * Resources and scopes are compared by their bytes, which pieces encoded by one serializer share;
 * two that are equal as messages but encoded differently stay apart, which loses no span. Spans are
 * copied as they are, never decoded.
 */
final class EncodedCombiner {
  private static final int LEN = 2;
  private static final int RESOURCE_SPANS = 1 << 3 | LEN;
  private static final int RS_RESOURCE = 1 << 3 | LEN;
  private static final int RS_SCOPE_SPANS = 2 << 3 | LEN;
  private static final int RS_SCHEMA_URL = 3 << 3 | LEN;
  private static final int SS_SCOPE = 1 << 3 | LEN;
  private static final int SS_SPANS = 2 << 3 | LEN;
  private static final int SS_SCHEMA_URL = 3 << 3 | LEN;
  private static final int SPAN_ID = 2 << 3 | LEN;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Map<Key, ResourceGroup> resources = new LinkedHashMap<>();
  private final Set<ByteBuffer> spanIds = new HashSet<>();

  private EncodedCombiner() {}

  /**
   * The TracesData encoding of the pieces combined, or null when a piece holds what a byte-level
   * combine does not handle (a resource or scope split over several fields): decode those.
   *
   * @throws IllegalStateException if a piece's bytes are malformed (they were checked when split)
   */
  static byte[] combine(List<EncodedPiece> pieces) {
    EncodedCombiner combiner = new EncodedCombiner();
    for (EncodedPiece piece : pieces) {
      if (!combiner.add(piece.bytes())) {
        return null;
      }
    }
    return combiner.encode();
  }

  private boolean add(byte[] buf) {
    WireCursor in = new WireCursor(buf, EncodedCombiner::malformed);
    int end = buf.length;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag != RESOURCE_SPANS) {
        in.skip(tag, end);
        continue;
      }
      int rsEnd = in.length(end) + in.pos;
      if (!addResourceSpans(in, rsEnd)) {
        return false;
      }
      in.pos = rsEnd;
    }
    return true;
  }

  private boolean addResourceSpans(WireCursor in, int rsEnd) {
    int from = in.pos;
    ByteBuffer resource = EMPTY;
    ByteBuffer schemaUrl = EMPTY;
    boolean haveResource = false;
    while (in.pos < rsEnd) {
      int tag = in.tag(rsEnd);
      if (tag == RS_RESOURCE) {
        if (haveResource) {
          return false;
        }
        haveResource = true;
        resource = in.slice(rsEnd);
      } else if (tag == RS_SCHEMA_URL) {
        schemaUrl = in.slice(rsEnd);
      } else {
        in.skip(tag, rsEnd);
      }
    }
    ResourceGroup group = resources.computeIfAbsent(new Key(resource, schemaUrl), ResourceGroup::new);
    in.pos = from;
    while (in.pos < rsEnd) {
      int tag = in.tag(rsEnd);
      if (tag != RS_SCOPE_SPANS) {
        in.skip(tag, rsEnd);
        continue;
      }
      int ssEnd = in.length(rsEnd) + in.pos;
      if (!addScopeSpans(in, ssEnd, group)) {
        return false;
      }
      in.pos = ssEnd;
    }
    return true;
  }

  private boolean addScopeSpans(WireCursor in, int ssEnd, ResourceGroup group) {
    int from = in.pos;
    ByteBuffer scope = EMPTY;
    ByteBuffer schemaUrl = EMPTY;
    boolean haveScope = false;
    while (in.pos < ssEnd) {
      int tag = in.tag(ssEnd);
      if (tag == SS_SCOPE) {
        if (haveScope) {
          return false;
        }
        haveScope = true;
        scope = in.slice(ssEnd);
      } else if (tag == SS_SCHEMA_URL) {
        schemaUrl = in.slice(ssEnd);
      } else {
        in.skip(tag, ssEnd);
      }
    }
    List<ByteBuffer> spans = group.scopes.computeIfAbsent(new Key(scope, schemaUrl), k -> new ArrayList<>());
    in.pos = from;
    while (in.pos < ssEnd) {
      int tag = in.tag(ssEnd);
      if (tag != SS_SPANS) {
        in.skip(tag, ssEnd);
        continue;
      }
      ByteBuffer span = in.slice(ssEnd);
      ByteBuffer spanId = spanId(in.buf, span);
      if (spanId.remaining() == 0 || spanIds.add(spanId)) {
        spans.add(span);
      }
    }
    return true;
  }

  /** The span's ID (the last span_id field, as the parser keeps), empty if none. */
  private static ByteBuffer spanId(byte[] buf, ByteBuffer span) {
    WireCursor in = new WireCursor(buf, EncodedCombiner::malformed);
    in.pos = span.position();
    int end = span.limit();
    ByteBuffer id = EMPTY;
    while (in.pos < end) {
      int tag = in.tag(end);
      if (tag == SPAN_ID) {
        id = in.slice(end);
      } else {
        in.skip(tag, end);
      }
    }
    return id;
  }

  private byte[] encode() {
    int total = 0;
    for (ResourceGroup group : resources.values()) {
      group.size = group.size();
      if (group.size > 0) {
        total += field(group.size);
      }
    }
    byte[] out = new byte[total];
    Writer w = new Writer(out);
    for (ResourceGroup group : resources.values()) {
      if (group.size == 0) {
        continue;
      }
      w.header(RESOURCE_SPANS, group.size);
      w.field(RS_RESOURCE, group.key.first);
      for (Map.Entry<Key, List<ByteBuffer>> scope : group.scopes.entrySet()) {
        if (scope.getValue().isEmpty()) {
          continue;
        }
        w.header(RS_SCOPE_SPANS, scopeSize(scope.getKey(), scope.getValue()));
        w.field(SS_SCOPE, scope.getKey().first);
        for (ByteBuffer span : scope.getValue()) {
          w.field(SS_SPANS, span);
        }
        if (scope.getKey().second.remaining() > 0) {
          w.field(SS_SCHEMA_URL, scope.getKey().second);
        }
      }
      if (group.key.second.remaining() > 0) {
        w.field(RS_SCHEMA_URL, group.key.second);
      }
    }
    if (w.pos != total) {
      throw new IllegalStateException("Cannot combine trace pieces: wrote " + w.pos + " bytes, expected " + total);
    }
    return out;
  }

  private static int scopeSize(Key key, List<ByteBuffer> spans) {
    int size = field(key.first.remaining());
    for (ByteBuffer span : spans) {
      size += field(span.remaining());
    }
    if (key.second.remaining() > 0) {
      size += field(key.second.remaining());
    }
    return size;
  }

  /** Bytes of a length-delimited field with a one-byte tag and {@code length} bytes of payload. */
  private static int field(int length) {
    return 1 + varintSize(length) + length;
  }

  private static int varintSize(int value) {
    int n = 1;
    while ((value & ~0x7f) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /** Payload bytes (first) and schema URL (second) of a resource or scope. */
  private record Key(ByteBuffer first, ByteBuffer second) {}

  private static final class ResourceGroup {
    final Key key;
    final Map<Key, List<ByteBuffer>> scopes = new LinkedHashMap<>(4);
    int size;

    ResourceGroup(Key key) {
      this.key = key;
    }

    /** Bytes of this ResourceSpans' fields; 0 when none of its scopes has a span left. */
    int size() {
      int size = 0;
      boolean any = false;
      for (Map.Entry<Key, List<ByteBuffer>> scope : scopes.entrySet()) {
        if (!scope.getValue().isEmpty()) {
          any = true;
          size += field(scopeSize(scope.getKey(), scope.getValue()));
        }
      }
      if (!any) {
        return 0;
      }
      size += field(key.first.remaining());
      if (key.second.remaining() > 0) {
        size += field(key.second.remaining());
      }
      return size;
    }
  }

  private static IllegalStateException malformed(String what) {
    return new IllegalStateException("Cannot combine trace pieces: " + what);
  }

  private static final class Writer {
    final byte[] out;
    int pos;

    Writer(byte[] out) {
      this.out = out;
    }

    void header(int tag, int length) {
      out[pos++] = (byte) tag;
      while ((length & ~0x7f) != 0) {
        out[pos++] = (byte) ((length & 0x7f) | 0x80);
        length >>>= 7;
      }
      out[pos++] = (byte) length;
    }

    void field(int tag, ByteBuffer payload) {
      int length = payload.remaining();
      header(tag, length);
      System.arraycopy(payload.array(), payload.arrayOffset() + payload.position(), out, pos, length);
      pos += length;
    }
  }
}
