package dev.andante.blockformat.encoding.v1;

import static dev.andante.blockformat.encoding.v1.Schema.*;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link TraceRow}s straight from protobuf into Parquet's record consumer, in the order and
 * shape of {@link Schema#MESSAGE}. Not thread safe (one per writer).
 */
final class TraceWriteSupport extends WriteSupport<TraceRow> {
  private static final String[] RESOURCE_DEDICATED = {SERVICE_NAME, K8S_NAMESPACE, K8S_POD};
  private static final String[] SPAN_DEDICATED = {HTTP_METHOD, HTTP_ROUTE, HTTP_STATUS, DB_SYSTEM};
  private static final String[] RS_NAMES = names(Schema.MESSAGE.getType(R_RESOURCE_SPANS).asGroupType());

  private static final byte LIST = 0;
  private static final byte DEDICATED = 1;
  private static final byte EXTRA = 2;

  private RecordConsumer rc;
  private EncodedTraceWriter encodedWriter;
  // Set by classify for the attribute list at hand, reused from call to call: the index of the
  // attribute that goes into each dedicated column (-1 for none), and where each attribute goes.
  private final int[] slots = new int[Math.max(RESOURCE_DEDICATED.length, SPAN_DEDICATED.length)];
  private byte[] placement = new byte[64];

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(Schema.MESSAGE, new HashMap<>());
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(Schema.MESSAGE, new HashMap<>());
  }

  @Override
  public String getName() {
    return "andante-v1";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.rc = recordConsumer;
    this.encodedWriter = new EncodedTraceWriter(recordConsumer);
  }

  @Override
  public void write(TraceRow row) {
    if (row.encoded() != null) {
      encodedWriter.write(row);
      return;
    }
    rc.startMessage();
    writeRowColumns(rc, row);
    List<ResourceSpans> resourceSpans = row.trace().resourceSpans();
    if (!resourceSpans.isEmpty()) {
      start("resource_spans", R_RESOURCE_SPANS);
      for (ResourceSpans rs : resourceSpans) {
        rc.startGroup();
        writeResourceSpans(rs, row.start());
        rc.endGroup();
      }
      end("resource_spans", R_RESOURCE_SPANS);
    }
    rc.endMessage();
  }

  /** The row-level columns, up to resource_spans: the same for decoded and encoded traces. */
  static void writeRowColumns(RecordConsumer rc, TraceRow row) {
    rc.startField("trace_id", R_TRACE_ID);
    byte[] id = new byte[16];
    row.id().writeTo(id, 0);
    rc.addBinary(Binary.fromConstantByteArray(id));
    rc.endField("trace_id", R_TRACE_ID);
    rowLong(rc, "start_time_unix_nano", R_START, row.start());
    rowLong(rc, "end_time_unix_nano", R_END, row.end());
    rowLong(rc, "duration_nano", R_DURATION, row.end() - row.start());
    rowBinary(rc, "root_service_name", R_ROOT_SERVICE, row.rootServiceName());
    rowBinary(rc, "root_span_name", R_ROOT_SPAN, row.rootSpanName());
  }

  private static void rowLong(RecordConsumer rc, String name, int index, long value) {
    rc.startField(name, index);
    rc.addLong(value);
    rc.endField(name, index);
  }

  private static void rowBinary(RecordConsumer rc, String name, int index, Binary value) {
    if (value != null && value.length() > 0) {
      rc.startField(name, index);
      rc.addBinary(value);
      rc.endField(name, index);
    }
  }

  private void writeResourceSpans(ResourceSpans rs, long traceStart) {
    Resource resource = rs.getResource();
    List<KeyValue> attrs = resource.getAttributesList();
    int extraAttrs = classify(attrs, RESOURCE_DEDICATED, false);
    for (int i = 0; i < RESOURCE_DEDICATED.length; i++) {
      if (slots[i] >= 0) {
        writeBytesAlways(RS_NAMES[RS_SERVICE_NAME + i], RS_SERVICE_NAME + i, attrs.get(slots[i]).getValue().getStringValueBytes());
      }
    }
    writeAttrs(RS_ATTRS, attrs);
    if (extraAttrs > 0 || resource.getDroppedAttributesCount() != 0 || resource.getEntityRefsCount() > 0 || !rs.getSchemaUrl().isEmpty()) {
      Resource.Builder rest =
          Resource.newBuilder().setDroppedAttributesCount(resource.getDroppedAttributesCount()).addAllEntityRefs(resource.getEntityRefsList());
      addExtraAttrs(attrs, rest::addAttributes);
      writeBytesAlways("extra", RS_EXTRA, ResourceSpans.newBuilder().setResource(rest).setSchemaUrlBytes(rs.getSchemaUrlBytes()).build().toByteString());
    }
    if (rs.getScopeSpansCount() > 0) {
      start("scope_spans", RS_SCOPE_SPANS);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        rc.startGroup();
        writeScopeSpans(ss, traceStart);
        rc.endGroup();
      }
      end("scope_spans", RS_SCOPE_SPANS);
    }
  }

  private void writeScopeSpans(ScopeSpans ss, long traceStart) {
    InstrumentationScope scope = ss.getScope();
    writeBytes("scope_name", SS_NAME, scope.getNameBytes());
    writeBytes("scope_version", SS_VERSION, scope.getVersionBytes());
    if (scope.getAttributesCount() > 0 || scope.getDroppedAttributesCount() != 0 || !ss.getSchemaUrl().isEmpty()) {
      InstrumentationScope rest =
          InstrumentationScope.newBuilder()
              .addAllAttributes(scope.getAttributesList())
              .setDroppedAttributesCount(scope.getDroppedAttributesCount())
              .build();
      writeBytesAlways("extra", SS_EXTRA, ScopeSpans.newBuilder().setScope(rest).setSchemaUrlBytes(ss.getSchemaUrlBytes()).build().toByteString());
    }
    if (ss.getSpansCount() > 0) {
      start("spans", SS_SPANS);
      for (Span span : ss.getSpansList()) {
        rc.startGroup();
        writeSpan(span, traceStart);
        rc.endGroup();
      }
      end("spans", SS_SPANS);
    }
  }

  private void writeSpan(Span span, long traceStart) {
    writeBytes("span_id", SP_SPAN_ID, span.getSpanId());
    writeBytes("parent_span_id", SP_PARENT, span.getParentSpanId());
    writeBytes("name", SP_NAME, span.getNameBytes());
    writeInt("kind", SP_KIND, span.getKindValue());
    long start = span.getStartTimeUnixNano();
    writeLong("start_offset_nano", SP_START, start - traceStart);
    writeLong("duration_nano", SP_DURATION, span.getEndTimeUnixNano() - start);
    Status status = span.getStatus();
    writeInt("status_code", SP_STATUS_CODE, status.getCodeValue());
    writeBytes("status_message", SP_STATUS_MESSAGE, status.getMessageBytes());
    writeInt("flags", SP_FLAGS, span.getFlags());
    List<KeyValue> attrs = span.getAttributesList();
    int extraAttrs = classify(attrs, SPAN_DEDICATED, true);
    if (slots[0] >= 0) {
      writeBytesAlways("http_request_method", SP_HTTP_METHOD, attrs.get(slots[0]).getValue().getStringValueBytes());
    }
    if (slots[1] >= 0) {
      writeBytesAlways("http_route", SP_HTTP_ROUTE, attrs.get(slots[1]).getValue().getStringValueBytes());
    }
    if (slots[2] >= 0) {
      writeLong("http_response_status_code", SP_HTTP_STATUS, attrs.get(slots[2]).getValue().getIntValue());
    }
    if (slots[3] >= 0) {
      writeBytesAlways("db_system", SP_DB_SYSTEM, attrs.get(slots[3]).getValue().getStringValueBytes());
    }
    writeAttrs(SP_ATTRS, attrs);
    if (extraAttrs > 0
        || span.getEventsCount() > 0
        || span.getLinksCount() > 0
        || !span.getTraceState().isEmpty()
        || span.getDroppedAttributesCount() != 0
        || span.getDroppedEventsCount() != 0
        || span.getDroppedLinksCount() != 0) {
      Span.Builder rest =
          Span.newBuilder()
              .setTraceStateBytes(span.getTraceStateBytes())
              .setDroppedAttributesCount(span.getDroppedAttributesCount())
              .addAllEvents(span.getEventsList())
              .setDroppedEventsCount(span.getDroppedEventsCount())
              .addAllLinks(span.getLinksList())
              .setDroppedLinksCount(span.getDroppedLinksCount());
      addExtraAttrs(attrs, rest::addAttributes);
      writeBytesAlways("extra", SP_EXTRA, rest.build().toByteString());
    }
  }

  /**
   * Sorts each attribute into {@link #placement}: its dedicated column (and {@code slots[i]} is
   * set to its index; the first attribute named {@code keys[i]} whose value is a string, or for
   * http.response.status_code on spans an int), the typed-value list, or the extra message.
   * Returns how many go to the extra message.
   */
  private int classify(List<KeyValue> attrs, String[] keys, boolean spanLevel) {
    Arrays.fill(slots, -1);
    int n = attrs.size();
    if (placement.length < n) {
      placement = new byte[Math.max(n, placement.length * 2)];
    }
    int extra = 0;
    for (int a = 0; a < n; a++) {
      KeyValue kv = attrs.get(a);
      AnyValue.ValueCase type = kv.getValue().getValueCase();
      byte place =
          switch (type) {
            case STRING_VALUE, INT_VALUE, DOUBLE_VALUE, BOOL_VALUE, VALUE_NOT_SET -> LIST;
            default -> EXTRA;
          };
      if (type == AnyValue.ValueCase.STRING_VALUE || type == AnyValue.ValueCase.INT_VALUE) {
        String key = kv.getKey();
        for (int i = 0; i < keys.length; i++) {
          if (slots[i] < 0 && keys[i].equals(key)) {
            boolean intColumn = spanLevel && i == 2;
            if (type == (intColumn ? AnyValue.ValueCase.INT_VALUE : AnyValue.ValueCase.STRING_VALUE)) {
              slots[i] = a;
              place = DEDICATED;
            }
            break;
          }
        }
      }
      placement[a] = place;
      if (place == EXTRA) {
        extra++;
      }
    }
    return extra;
  }

  private void addExtraAttrs(List<KeyValue> attrs, java.util.function.Consumer<KeyValue> target) {
    for (int a = 0, n = attrs.size(); a < n; a++) {
      if (placement[a] == EXTRA) {
        target.accept(attrs.get(a));
      }
    }
  }

  /** The attributes {@link #classify} put in the typed-value list. */
  private void writeAttrs(int index, List<KeyValue> attrs) {
    int n = attrs.size();
    boolean started = false;
    for (int a = 0; a < n; a++) {
      if (placement[a] != LIST) {
        continue;
      }
      if (!started) {
        start("attrs", index);
        started = true;
      }
      KeyValue kv = attrs.get(a);
      rc.startGroup();
      start("key", A_KEY);
      rc.addBinary(binary(kv.getKeyBytes()));
      end("key", A_KEY);
      AnyValue v = kv.getValue();
      switch (v.getValueCase()) {
        case STRING_VALUE -> writeBytesAlways("str", A_STR, v.getStringValueBytes());
        case INT_VALUE -> writeLong("int", A_INT, v.getIntValue());
        case DOUBLE_VALUE -> {
          start("dbl", A_DBL);
          rc.addDouble(v.getDoubleValue());
          end("dbl", A_DBL);
        }
        case BOOL_VALUE -> {
          start("bool", A_BOOL);
          rc.addBoolean(v.getBoolValue());
          end("bool", A_BOOL);
        }
        default -> {}
      }
      rc.endGroup();
    }
    if (started) {
      end("attrs", index);
    }
  }

  private void writeLong(String name, int index, long value) {
    start(name, index);
    rc.addLong(value);
    end(name, index);
  }

  private void writeInt(String name, int index, int value) {
    start(name, index);
    rc.addInteger(value);
    end(name, index);
  }

  /** An optional bytes/string column: absent when empty (proto3 does not tell empty from unset). */
  private void writeBytes(String name, int index, ByteString value) {
    if (value != null && !value.isEmpty()) {
      writeBytesAlways(name, index, value);
    }
  }

  private void writeBytesAlways(String name, int index, ByteString value) {
    start(name, index);
    rc.addBinary(binary(value));
    end(name, index);
  }

  private static Binary binary(ByteString value) {
    // A copy into a small array beats the zero-copy read-only buffer: dictionary encoding hashes
    // and compares every value, which array-backed binaries do word by word, buffer-backed ones
    // (read-only, so without array access) byte by byte.
    return Binary.fromConstantByteArray(value.toByteArray());
  }

  private void start(String name, int index) {
    rc.startField(name, index);
  }

  private void end(String name, int index) {
    rc.endField(name, index);
  }

  private static String[] names(org.apache.parquet.schema.GroupType group) {
    String[] names = new String[group.getFieldCount()];
    for (int i = 0; i < names.length; i++) {
      names[i] = group.getType(i).getName();
    }
    return names;
  }
}
