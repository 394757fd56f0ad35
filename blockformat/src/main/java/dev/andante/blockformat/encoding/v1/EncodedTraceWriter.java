package dev.andante.blockformat.encoding.v1;

import static dev.andante.blockformat.encoding.v1.Schema.*;
import static dev.andante.blockformat.encoding.v1.Wire.*;

import dev.andante.blockformat.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes a trace given as protobuf bytes (an OTLP TracesData) straight into Parquet's record
 * consumer, walking the wire format instead of decoding messages: strings and IDs go to the column
 * writers as slices of the bytes they arrived in, with no String and no copy. Writes the same rows
 * as {@link TraceWriteSupport} does for the decoded trace: the same attributes go to the same
 * columns, and the {@code extra} messages hold the same fields, taken from the wire as they are.
 * Repeated occurrences of a message field merge as protobuf merges them (a scalar's last value
 * wins; lists add up). Not thread safe (one per writer).
 */
final class EncodedTraceWriter {
  private static final byte[][] RESOURCE_DEDICATED = utf8(SERVICE_NAME, K8S_NAMESPACE, K8S_POD);
  private static final byte[][] SPAN_DEDICATED = utf8(HTTP_METHOD, HTTP_ROUTE, HTTP_STATUS, DB_SYSTEM);
  private static final byte[] SERVICE_NAME_UTF8 = RESOURCE_DEDICATED[0];
  private static final String[] RS_NAMES = {"service_name", "k8s_namespace_name", "k8s_pod_name"};

  // Value cases of an attribute, as AnyValue's oneof.
  private static final byte NONE = 0;
  private static final byte STRING = 1;
  private static final byte BOOL = 2;
  private static final byte INT = 3;
  private static final byte DOUBLE = 4;
  private static final byte OTHER = 5; // array, kvlist or bytes: only in the extra message

  private static final byte LIST = 0;
  private static final byte DEDICATED = 1;
  private static final byte EXTRA = 2;

  private final RecordConsumer rc;
  private final Attrs attrs = new Attrs();
  private final int[] slots = new int[Math.max(RESOURCE_DEDICATED.length, SPAN_DEDICATED.length)];
  /** Payload ranges (offset, length pairs) of fields copied into an extra message: entity refs, scope attributes, events, links. */
  private final IntPairs ranges = new IntPairs();
  private final IntPairs links = new IntPairs();
  private final Sink inner = new Sink();
  private final Sink outer = new Sink();
  private Wire in;

  EncodedTraceWriter(RecordConsumer rc) {
    this.rc = rc;
  }

  /**
   * The row of trace {@code id} encoded as {@code tracesData}: its time range, span count and root
   * span, found in a first walk over the bytes.
   *
   * @throws IllegalArgumentException if the bytes are not a TracesData
   */
  static TraceRow row(TraceId id, byte[] tracesData) {
    Wire in = new Wire(tracesData);
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    int spans = 0;
    Binary rootService = null;
    Binary rootSpan = null;
    int limit = tracesData.length;
    while (in.pos < limit) {
      int tag = in.tag(limit);
      if (tag != TRACES_DATA_RESOURCE_SPANS) {
        in.skip(tag, limit);
        continue;
      }
      int rsLength = in.length(limit);
      int rsStart = in.pos;
      int rsEnd = rsStart + rsLength;
      int serviceOff = -1;
      int serviceLen = 0;
      boolean serviceFound = false;
      while (in.pos < rsEnd) {
        int rsTag = in.tag(rsEnd);
        if (rsTag == RESOURCE_SPANS_RESOURCE && !serviceFound) {
          int resEnd = in.length(rsEnd) + in.pos;
          while (in.pos < resEnd && !serviceFound) {
            int resTag = in.tag(resEnd);
            if (resTag != RESOURCE_ATTRIBUTES) {
              in.skip(resTag, resEnd);
              continue;
            }
            int kvEnd = in.length(resEnd) + in.pos;
            long found = serviceName(in, kvEnd);
            if (found >= 0) {
              serviceFound = true;
              serviceOff = (int) (found >>> 32);
              serviceLen = (int) found;
            }
            in.pos = kvEnd;
          }
          in.pos = resEnd;
        } else if (rsTag == RESOURCE_SPANS_SCOPE_SPANS) {
          int ssEnd = in.length(rsEnd) + in.pos;
          while (in.pos < ssEnd) {
            int ssTag = in.tag(ssEnd);
            if (ssTag != SCOPE_SPANS_SPANS) {
              in.skip(ssTag, ssEnd);
              continue;
            }
            int spanEnd = in.length(ssEnd) + in.pos;
            spans++;
            long spanStart = 0;
            long spanFinish = 0;
            int parentLen = 0;
            int nameOff = 0;
            int nameLen = 0;
            while (in.pos < spanEnd) {
              int spanTag = in.tag(spanEnd);
              if (spanTag == SPAN_START) {
                spanStart = in.fixed64(spanEnd);
              } else if (spanTag == SPAN_END) {
                spanFinish = in.fixed64(spanEnd);
              } else if (spanTag == SPAN_PARENT_SPAN_ID) {
                parentLen = in.length(spanEnd);
                in.pos += parentLen;
              } else if (spanTag == SPAN_NAME) {
                nameLen = in.length(spanEnd);
                nameOff = in.pos;
                in.pos += nameLen;
              } else {
                in.skip(spanTag, spanEnd);
              }
            }
            // Unsigned in OTLP; real times fit in a signed long until 2262.
            start = Math.min(start, spanStart);
            end = Math.max(end, spanFinish);
            if (rootSpan == null && parentLen == 0) {
              rootSpan = Binary.fromConstantByteArray(tracesData, nameOff, nameLen);
              // The resource may come after its scope_spans on the wire: look for it now.
              if (!serviceFound) {
                long found = serviceNameOfResourceSpans(in, rsStart, rsEnd);
                if (found >= 0) {
                  serviceFound = true;
                  serviceOff = (int) (found >>> 32);
                  serviceLen = (int) found;
                }
              }
              rootService = serviceFound ? Binary.fromConstantByteArray(tracesData, serviceOff, serviceLen) : null;
            }
          }
        } else {
          in.skip(rsTag, rsEnd);
        }
      }
    }
    if (spans == 0) {
      start = 0;
      end = 0;
    }
    return new TraceRow(id, null, tracesData, start, end, spans, rootService, rootSpan);
  }

  /**
   * The service name among all the resources of the ResourceSpans at [{@code rsStart}, {@code
   * rsEnd}), as offset << 32 | length, or -1; the cursor is left where it was.
   */
  private static long serviceNameOfResourceSpans(Wire in, int rsStart, int rsEnd) {
    int saved = in.pos;
    in.pos = rsStart;
    long found = -1;
    while (in.pos < rsEnd && found < 0) {
      int tag = in.tag(rsEnd);
      if (tag != RESOURCE_SPANS_RESOURCE) {
        in.skip(tag, rsEnd);
        continue;
      }
      int resEnd = in.length(rsEnd) + in.pos;
      while (in.pos < resEnd && found < 0) {
        int resTag = in.tag(resEnd);
        if (resTag != RESOURCE_ATTRIBUTES) {
          in.skip(resTag, resEnd);
          continue;
        }
        int kvEnd = in.length(resEnd) + in.pos;
        found = serviceName(in, kvEnd);
        in.pos = kvEnd;
      }
      in.pos = resEnd;
    }
    in.pos = saved;
    return found;
  }

  /**
   * For the KeyValue ending at {@code kvEnd}: its string value's offset << 32 | length if its key
   * is service.name and its value a string, else -1. Moves the cursor.
   */
  private static long serviceName(Wire in, int kvEnd) {
    int keyOff = -1;
    int keyLen = 0;
    byte type = NONE;
    int strOff = 0;
    int strLen = 0;
    while (in.pos < kvEnd) {
      int tag = in.tag(kvEnd);
      if (tag == KEY_VALUE_KEY) {
        keyLen = in.length(kvEnd);
        keyOff = in.pos;
        in.pos += keyLen;
      } else if (tag == KEY_VALUE_VALUE) {
        int valueEnd = in.length(kvEnd) + in.pos;
        while (in.pos < valueEnd) {
          int valueTag = in.tag(valueEnd);
          if (valueTag == ANY_STRING) {
            strLen = in.length(valueEnd);
            strOff = in.pos;
            in.pos += strLen;
            type = STRING;
          } else {
            byte other = caseOf(valueTag);
            if (other != NONE) {
              type = other;
            }
            in.skip(valueTag, valueEnd);
          }
        }
      } else {
        in.skip(tag, kvEnd);
      }
    }
    if (type == STRING && keyOff >= 0 && Arrays.equals(in.buf, keyOff, keyOff + keyLen, SERVICE_NAME_UTF8, 0, SERVICE_NAME_UTF8.length)) {
      return (long) strOff << 32 | strLen;
    }
    return -1;
  }

  private static byte caseOf(int anyValueTag) {
    if (anyValueTag == ANY_STRING) {
      return STRING;
    } else if (anyValueTag == ANY_BOOL) {
      return BOOL;
    } else if (anyValueTag == ANY_INT) {
      return INT;
    } else if (anyValueTag == ANY_DOUBLE) {
      return DOUBLE;
    } else if (anyValueTag == ANY_ARRAY || anyValueTag == ANY_KVLIST || anyValueTag == ANY_BYTES) {
      return OTHER;
    }
    return NONE;
  }

  /** Writes the row made by {@link #row}. */
  void write(TraceRow row) {
    in = new Wire(row.encoded());
    byte[] buf = in.buf;
    rc.startMessage();
    TraceWriteSupport.writeRowColumns(rc, row);
    boolean started = false;
    int limit = buf.length;
    while (in.pos < limit) {
      int tag = in.tag(limit);
      if (tag != TRACES_DATA_RESOURCE_SPANS) {
        in.skip(tag, limit);
        continue;
      }
      int length = in.length(limit);
      int from = in.pos;
      if (!started) {
        rc.startField("resource_spans", R_RESOURCE_SPANS);
        started = true;
      }
      rc.startGroup();
      writeResourceSpans(from, from + length, row.start());
      rc.endGroup();
      in.pos = from + length;
    }
    if (started) {
      rc.endField("resource_spans", R_RESOURCE_SPANS);
    }
    rc.endMessage();
    in = null;
  }

  private void writeResourceSpans(int from, int to, long traceStart) {
    attrs.clear();
    ranges.clear();
    long dropped = 0;
    int schemaOff = 0;
    int schemaLen = 0;
    int scopes = 0;
    in.pos = from;
    while (in.pos < to) {
      int tag = in.tag(to);
      if (tag == RESOURCE_SPANS_RESOURCE) {
        int resEnd = in.length(to) + in.pos;
        while (in.pos < resEnd) {
          int resTag = in.tag(resEnd);
          if (resTag == RESOURCE_ATTRIBUTES) {
            int kvLen = in.length(resEnd);
            readKeyValue(in.pos, in.pos + kvLen);
          } else if (resTag == RESOURCE_DROPPED_ATTRIBUTES) {
            dropped = in.varint(resEnd) & 0xffffffffL;
          } else if (resTag == RESOURCE_ENTITY_REFS) {
            int len = in.length(resEnd);
            ranges.add(in.pos, len);
            in.pos += len;
          } else {
            in.skip(resTag, resEnd);
          }
        }
      } else if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
        scopes++;
        in.skip(tag, to);
      } else if (tag == RESOURCE_SPANS_SCHEMA_URL) {
        schemaLen = in.length(to);
        schemaOff = in.pos;
        in.pos += schemaLen;
      } else {
        in.skip(tag, to);
      }
    }
    int extraAttrs = classify(RESOURCE_DEDICATED, false);
    for (int i = 0; i < RESOURCE_DEDICATED.length; i++) {
      if (slots[i] >= 0) {
        writeSlice(RS_NAMES[i], RS_SERVICE_NAME + i, attrs.valueOff[slots[i]], attrs.valueLen[slots[i]]);
      }
    }
    writeAttrs(RS_ATTRS);
    if (extraAttrs > 0 || dropped != 0 || ranges.size() > 0 || schemaLen > 0) {
      // ResourceSpans{resource: Resource{attributes, dropped_attributes_count, entity_refs}, schema_url}
      inner.clear();
      addExtraAttrs(inner, RESOURCE_ATTRIBUTES);
      if (dropped != 0) {
        inner.tag(RESOURCE_DROPPED_ATTRIBUTES).varint(dropped);
      }
      for (int r = 0; r < ranges.size(); r++) {
        inner.field(RESOURCE_ENTITY_REFS, in.buf, ranges.first(r), ranges.second(r));
      }
      outer.clear();
      outer.field(RESOURCE_SPANS_RESOURCE, inner.bytes, 0, inner.size);
      if (schemaLen > 0) {
        outer.field(RESOURCE_SPANS_SCHEMA_URL, in.buf, schemaOff, schemaLen);
      }
      writeBinary("extra", RS_EXTRA, outer.copy());
    }
    if (scopes > 0) {
      rc.startField("scope_spans", RS_SCOPE_SPANS);
      in.pos = from;
      while (in.pos < to) {
        int tag = in.tag(to);
        if (tag == RESOURCE_SPANS_SCOPE_SPANS) {
          int len = in.length(to);
          int ssFrom = in.pos;
          rc.startGroup();
          writeScopeSpans(ssFrom, ssFrom + len, traceStart);
          rc.endGroup();
          in.pos = ssFrom + len;
        } else {
          in.skip(tag, to);
        }
      }
      rc.endField("scope_spans", RS_SCOPE_SPANS);
    }
  }

  private void writeScopeSpans(int from, int to, long traceStart) {
    ranges.clear();
    int nameOff = 0;
    int nameLen = 0;
    int versionOff = 0;
    int versionLen = 0;
    long dropped = 0;
    int schemaOff = 0;
    int schemaLen = 0;
    int spans = 0;
    in.pos = from;
    while (in.pos < to) {
      int tag = in.tag(to);
      if (tag == SCOPE_SPANS_SCOPE) {
        int scopeEnd = in.length(to) + in.pos;
        while (in.pos < scopeEnd) {
          int scopeTag = in.tag(scopeEnd);
          if (scopeTag == SCOPE_NAME) {
            nameLen = in.length(scopeEnd);
            nameOff = in.pos;
            in.pos += nameLen;
          } else if (scopeTag == SCOPE_VERSION) {
            versionLen = in.length(scopeEnd);
            versionOff = in.pos;
            in.pos += versionLen;
          } else if (scopeTag == SCOPE_ATTRIBUTES) {
            int len = in.length(scopeEnd);
            ranges.add(in.pos, len);
            in.pos += len;
          } else if (scopeTag == SCOPE_DROPPED_ATTRIBUTES) {
            dropped = in.varint(scopeEnd) & 0xffffffffL;
          } else {
            in.skip(scopeTag, scopeEnd);
          }
        }
      } else if (tag == SCOPE_SPANS_SPANS) {
        spans++;
        in.skip(tag, to);
      } else if (tag == SCOPE_SPANS_SCHEMA_URL) {
        schemaLen = in.length(to);
        schemaOff = in.pos;
        in.pos += schemaLen;
      } else {
        in.skip(tag, to);
      }
    }
    writeOptionalSlice("scope_name", SS_NAME, nameOff, nameLen);
    writeOptionalSlice("scope_version", SS_VERSION, versionOff, versionLen);
    if (ranges.size() > 0 || dropped != 0 || schemaLen > 0) {
      // ScopeSpans{scope: InstrumentationScope{attributes, dropped_attributes_count}, schema_url}
      inner.clear();
      for (int r = 0; r < ranges.size(); r++) {
        inner.field(SCOPE_ATTRIBUTES, in.buf, ranges.first(r), ranges.second(r));
      }
      if (dropped != 0) {
        inner.tag(SCOPE_DROPPED_ATTRIBUTES).varint(dropped);
      }
      outer.clear();
      outer.field(SCOPE_SPANS_SCOPE, inner.bytes, 0, inner.size);
      if (schemaLen > 0) {
        outer.field(SCOPE_SPANS_SCHEMA_URL, in.buf, schemaOff, schemaLen);
      }
      writeBinary("extra", SS_EXTRA, outer.copy());
    }
    if (spans > 0) {
      rc.startField("spans", SS_SPANS);
      in.pos = from;
      while (in.pos < to) {
        int tag = in.tag(to);
        if (tag == SCOPE_SPANS_SPANS) {
          int len = in.length(to);
          int spanFrom = in.pos;
          rc.startGroup();
          writeSpan(spanFrom, spanFrom + len, traceStart);
          rc.endGroup();
          in.pos = spanFrom + len;
        } else {
          in.skip(tag, to);
        }
      }
      rc.endField("spans", SS_SPANS);
    }
  }

  private void writeSpan(int from, int to, long traceStart) {
    attrs.clear();
    ranges.clear(); // events
    links.clear();
    int spanIdOff = 0;
    int spanIdLen = 0;
    int parentOff = 0;
    int parentLen = 0;
    int nameOff = 0;
    int nameLen = 0;
    int traceStateOff = 0;
    int traceStateLen = 0;
    int kind = 0;
    long start = 0;
    long end = 0;
    int statusCode = 0;
    int statusMessageOff = 0;
    int statusMessageLen = 0;
    int flags = 0;
    long droppedAttrs = 0;
    long droppedEvents = 0;
    long droppedLinks = 0;
    in.pos = from;
    while (in.pos < to) {
      int tag = in.tag(to);
      switch (tag >>> 3) {
        case 2 -> {
          if (tag == SPAN_SPAN_ID) {
            spanIdLen = in.length(to);
            spanIdOff = in.pos;
            in.pos += spanIdLen;
          } else {
            in.skip(tag, to);
          }
        }
        case 3 -> {
          if (tag == SPAN_TRACE_STATE) {
            traceStateLen = in.length(to);
            traceStateOff = in.pos;
            in.pos += traceStateLen;
          } else {
            in.skip(tag, to);
          }
        }
        case 4 -> {
          if (tag == SPAN_PARENT_SPAN_ID) {
            parentLen = in.length(to);
            parentOff = in.pos;
            in.pos += parentLen;
          } else {
            in.skip(tag, to);
          }
        }
        case 5 -> {
          if (tag == SPAN_NAME) {
            nameLen = in.length(to);
            nameOff = in.pos;
            in.pos += nameLen;
          } else {
            in.skip(tag, to);
          }
        }
        case 6 -> {
          if (tag == SPAN_KIND) {
            kind = (int) in.varint(to);
          } else {
            in.skip(tag, to);
          }
        }
        case 7 -> {
          if (tag == SPAN_START) {
            start = in.fixed64(to);
          } else {
            in.skip(tag, to);
          }
        }
        case 8 -> {
          if (tag == SPAN_END) {
            end = in.fixed64(to);
          } else {
            in.skip(tag, to);
          }
        }
        case 9 -> {
          if (tag == SPAN_ATTRIBUTES) {
            int len = in.length(to);
            readKeyValue(in.pos, in.pos + len);
          } else {
            in.skip(tag, to);
          }
        }
        case 10 -> {
          if (tag == SPAN_DROPPED_ATTRIBUTES) {
            droppedAttrs = in.varint(to) & 0xffffffffL;
          } else {
            in.skip(tag, to);
          }
        }
        case 11 -> {
          if (tag == SPAN_EVENTS) {
            int len = in.length(to);
            ranges.add(in.pos, len);
            in.pos += len;
          } else {
            in.skip(tag, to);
          }
        }
        case 12 -> {
          if (tag == SPAN_DROPPED_EVENTS) {
            droppedEvents = in.varint(to) & 0xffffffffL;
          } else {
            in.skip(tag, to);
          }
        }
        case 13 -> {
          if (tag == SPAN_LINKS) {
            int len = in.length(to);
            links.add(in.pos, len);
            in.pos += len;
          } else {
            in.skip(tag, to);
          }
        }
        case 14 -> {
          if (tag == SPAN_DROPPED_LINKS) {
            droppedLinks = in.varint(to) & 0xffffffffL;
          } else {
            in.skip(tag, to);
          }
        }
        case 15 -> {
          if (tag == SPAN_STATUS) {
            int statusEnd = in.length(to) + in.pos;
            while (in.pos < statusEnd) {
              int statusTag = in.tag(statusEnd);
              if (statusTag == STATUS_MESSAGE) {
                statusMessageLen = in.length(statusEnd);
                statusMessageOff = in.pos;
                in.pos += statusMessageLen;
              } else if (statusTag == STATUS_CODE) {
                statusCode = (int) in.varint(statusEnd);
              } else {
                in.skip(statusTag, statusEnd);
              }
            }
          } else {
            in.skip(tag, to);
          }
        }
        case 16 -> {
          if (tag == SPAN_FLAGS) {
            flags = in.fixed32(to);
          } else {
            in.skip(tag, to);
          }
        }
        default -> in.skip(tag, to);
      }
    }
    writeOptionalSlice("span_id", SP_SPAN_ID, spanIdOff, spanIdLen);
    writeOptionalSlice("parent_span_id", SP_PARENT, parentOff, parentLen);
    writeOptionalSlice("name", SP_NAME, nameOff, nameLen);
    writeInt("kind", SP_KIND, kind);
    writeLong("start_offset_nano", SP_START, start - traceStart);
    writeLong("duration_nano", SP_DURATION, end - start);
    writeInt("status_code", SP_STATUS_CODE, statusCode);
    writeOptionalSlice("status_message", SP_STATUS_MESSAGE, statusMessageOff, statusMessageLen);
    writeInt("flags", SP_FLAGS, flags);
    int extraAttrs = classify(SPAN_DEDICATED, true);
    if (slots[0] >= 0) {
      writeSlice("http_request_method", SP_HTTP_METHOD, attrs.valueOff[slots[0]], attrs.valueLen[slots[0]]);
    }
    if (slots[1] >= 0) {
      writeSlice("http_route", SP_HTTP_ROUTE, attrs.valueOff[slots[1]], attrs.valueLen[slots[1]]);
    }
    if (slots[2] >= 0) {
      writeLong("http_response_status_code", SP_HTTP_STATUS, attrs.number[slots[2]]);
    }
    if (slots[3] >= 0) {
      writeSlice("db_system", SP_DB_SYSTEM, attrs.valueOff[slots[3]], attrs.valueLen[slots[3]]);
    }
    writeAttrs(SP_ATTRS);
    if (extraAttrs > 0
        || ranges.size() > 0
        || links.size() > 0
        || traceStateLen > 0
        || droppedAttrs != 0
        || droppedEvents != 0
        || droppedLinks != 0) {
      // Span{trace_state, attributes, dropped_attributes_count, events, dropped_events_count, links, dropped_links_count}
      outer.clear();
      if (traceStateLen > 0) {
        outer.field(SPAN_TRACE_STATE, in.buf, traceStateOff, traceStateLen);
      }
      addExtraAttrs(outer, SPAN_ATTRIBUTES);
      if (droppedAttrs != 0) {
        outer.tag(SPAN_DROPPED_ATTRIBUTES).varint(droppedAttrs);
      }
      for (int r = 0; r < ranges.size(); r++) {
        outer.field(SPAN_EVENTS, in.buf, ranges.first(r), ranges.second(r));
      }
      if (droppedEvents != 0) {
        outer.tag(SPAN_DROPPED_EVENTS).varint(droppedEvents);
      }
      for (int r = 0; r < links.size(); r++) {
        outer.field(SPAN_LINKS, in.buf, links.first(r), links.second(r));
      }
      if (droppedLinks != 0) {
        outer.tag(SPAN_DROPPED_LINKS).varint(droppedLinks);
      }
      writeBinary("extra", SP_EXTRA, outer.copy());
    }
  }

  /** Reads the KeyValue at [from, to) into {@link #attrs}; the cursor ends at {@code to}. */
  private void readKeyValue(int from, int to) {
    int keyOff = 0;
    int keyLen = 0;
    byte type = NONE;
    int valueOff = 0;
    int valueLen = 0;
    long number = 0;
    in.pos = from;
    while (in.pos < to) {
      int tag = in.tag(to);
      if (tag == KEY_VALUE_KEY) {
        keyLen = in.length(to);
        keyOff = in.pos;
        in.pos += keyLen;
      } else if (tag == KEY_VALUE_VALUE) {
        int valueEnd = in.length(to) + in.pos;
        while (in.pos < valueEnd) {
          int valueTag = in.tag(valueEnd);
          if (valueTag == ANY_STRING) {
            valueLen = in.length(valueEnd);
            valueOff = in.pos;
            in.pos += valueLen;
            type = STRING;
          } else if (valueTag == ANY_INT) {
            number = in.varint(valueEnd);
            type = INT;
          } else if (valueTag == ANY_BOOL) {
            number = in.varint(valueEnd) != 0 ? 1 : 0;
            type = BOOL;
          } else if (valueTag == ANY_DOUBLE) {
            number = in.fixed64(valueEnd);
            type = DOUBLE;
          } else {
            byte other = caseOf(valueTag);
            if (other != NONE) {
              type = other;
            }
            in.skip(valueTag, valueEnd);
          }
        }
      } else {
        in.skip(tag, to);
      }
    }
    attrs.add(from, to - from, keyOff, keyLen, type, valueOff, valueLen, number);
  }

  /** As {@link TraceWriteSupport}'s classify, over {@link #attrs}. */
  private int classify(byte[][] keys, boolean spanLevel) {
    Arrays.fill(slots, -1);
    byte[] buf = in.buf;
    int extra = 0;
    for (int a = 0, n = attrs.size; a < n; a++) {
      byte type = attrs.type[a];
      byte place = type == OTHER ? EXTRA : LIST;
      if (type == STRING || type == INT) {
        int keyOff = attrs.keyOff[a];
        int keyLen = attrs.keyLen[a];
        for (int i = 0; i < keys.length; i++) {
          if (slots[i] < 0 && keyLen == keys[i].length && Arrays.equals(buf, keyOff, keyOff + keyLen, keys[i], 0, keyLen)) {
            boolean intColumn = spanLevel && i == 2;
            if (type == (intColumn ? INT : STRING)) {
              slots[i] = a;
              place = DEDICATED;
            }
            break;
          }
        }
      }
      attrs.placement[a] = place;
      if (place == EXTRA) {
        extra++;
      }
    }
    return extra;
  }

  private void addExtraAttrs(Sink sink, int tag) {
    for (int a = 0, n = attrs.size; a < n; a++) {
      if (attrs.placement[a] == EXTRA) {
        sink.field(tag, in.buf, attrs.kvOff[a], attrs.kvLen[a]);
      }
    }
  }

  private void writeAttrs(int index) {
    byte[] buf = in.buf;
    boolean started = false;
    for (int a = 0, n = attrs.size; a < n; a++) {
      if (attrs.placement[a] != LIST) {
        continue;
      }
      if (!started) {
        rc.startField("attrs", index);
        started = true;
      }
      rc.startGroup();
      rc.startField("key", A_KEY);
      rc.addBinary(Binary.fromConstantByteArray(buf, attrs.keyOff[a], attrs.keyLen[a]));
      rc.endField("key", A_KEY);
      switch (attrs.type[a]) {
        case STRING -> writeSlice("str", A_STR, attrs.valueOff[a], attrs.valueLen[a]);
        case INT -> writeLong("int", A_INT, attrs.number[a]);
        case DOUBLE -> {
          rc.startField("dbl", A_DBL);
          rc.addDouble(Double.longBitsToDouble(attrs.number[a]));
          rc.endField("dbl", A_DBL);
        }
        case BOOL -> {
          rc.startField("bool", A_BOOL);
          rc.addBoolean(attrs.number[a] != 0);
          rc.endField("bool", A_BOOL);
        }
        default -> {}
      }
      rc.endGroup();
    }
    if (started) {
      rc.endField("attrs", index);
    }
  }

  private void writeLong(String name, int index, long value) {
    rc.startField(name, index);
    rc.addLong(value);
    rc.endField(name, index);
  }

  private void writeInt(String name, int index, int value) {
    rc.startField(name, index);
    rc.addInteger(value);
    rc.endField(name, index);
  }

  /** An optional bytes/string column: absent when empty, as for a decoded trace. */
  private void writeOptionalSlice(String name, int index, int off, int len) {
    if (len > 0) {
      writeSlice(name, index, off, len);
    }
  }

  private void writeSlice(String name, int index, int off, int len) {
    // The trace's bytes stay unchanged until the block is complete, so the dictionary may keep
    // the slice as it is.
    writeBinary(name, index, Binary.fromConstantByteArray(in.buf, off, len));
  }

  private void writeBinary(String name, int index, Binary value) {
    rc.startField(name, index);
    rc.addBinary(value);
    rc.endField(name, index);
  }

  private static byte[][] utf8(String... keys) {
    byte[][] out = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      out[i] = keys[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  /** The attributes of one resource or span, in order, as ranges of the trace's bytes. */
  private static final class Attrs {
    int size;
    int[] kvOff = new int[16];
    int[] kvLen = new int[16];
    int[] keyOff = new int[16];
    int[] keyLen = new int[16];
    byte[] type = new byte[16];
    int[] valueOff = new int[16];
    int[] valueLen = new int[16];
    long[] number = new long[16];
    byte[] placement = new byte[16];

    void clear() {
      size = 0;
    }

    void add(int kvOff, int kvLen, int keyOff, int keyLen, byte type, int valueOff, int valueLen, long number) {
      if (size == this.kvOff.length) {
        int n = size * 2;
        this.kvOff = Arrays.copyOf(this.kvOff, n);
        this.kvLen = Arrays.copyOf(this.kvLen, n);
        this.keyOff = Arrays.copyOf(this.keyOff, n);
        this.keyLen = Arrays.copyOf(this.keyLen, n);
        this.type = Arrays.copyOf(this.type, n);
        this.valueOff = Arrays.copyOf(this.valueOff, n);
        this.valueLen = Arrays.copyOf(this.valueLen, n);
        this.number = Arrays.copyOf(this.number, n);
        this.placement = Arrays.copyOf(this.placement, n);
      }
      this.kvOff[size] = kvOff;
      this.kvLen[size] = kvLen;
      this.keyOff[size] = keyOff;
      this.keyLen[size] = keyLen;
      this.type[size] = type;
      this.valueOff[size] = valueOff;
      this.valueLen[size] = valueLen;
      this.number[size] = number;
      size++;
    }
  }

  /** A growable list of (offset, length) pairs. */
  private static final class IntPairs {
    private int[] values = new int[16];
    private int size;

    void clear() {
      size = 0;
    }

    int size() {
      return size / 2;
    }

    void add(int first, int second) {
      if (size + 2 > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = first;
      values[size++] = second;
    }

    int first(int i) {
      return values[2 * i];
    }

    int second(int i) {
      return values[2 * i + 1];
    }
  }

  /** A growable byte buffer that protobuf fields are written into. */
  private static final class Sink {
    byte[] bytes = new byte[256];
    int size;

    void clear() {
      size = 0;
    }

    Sink tag(int tag) {
      return varint(tag);
    }

    Sink varint(long value) {
      ensure(10);
      while ((value & ~0x7fL) != 0) {
        bytes[size++] = (byte) ((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      bytes[size++] = (byte) value;
      return this;
    }

    /** A length-delimited field. */
    void field(int tag, byte[] src, int off, int len) {
      tag(tag);
      varint(len);
      ensure(len);
      System.arraycopy(src, off, bytes, size, len);
      size += len;
    }

    Binary copy() {
      return Binary.fromConstantByteArray(Arrays.copyOf(bytes, size));
    }

    private void ensure(int n) {
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
    }
  }
}
