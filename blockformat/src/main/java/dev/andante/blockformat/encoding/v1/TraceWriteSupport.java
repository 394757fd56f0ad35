package dev.andante.blockformat.encoding.v1;

import static dev.andante.blockformat.encoding.v1.Schema.*;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
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
  private static final String[] RESOURCE_DEDICATED = {SERVICE_NAME, K8S_CLUSTER, K8S_NAMESPACE, K8S_POD, K8S_CONTAINER};
  private static final String[] SPAN_DEDICATED = {HTTP_METHOD, HTTP_ROUTE, HTTP_STATUS, DB_SYSTEM};
  private static final String[] RS_NAMES = names(Schema.MESSAGE.getType(R_RESOURCE_SPANS).asGroupType());

  private RecordConsumer rc;
  // Index of the attribute that goes into each dedicated column, -1 for none. Reused per call.
  private final int[] resourceSlots = new int[RESOURCE_DEDICATED.length];
  private final int[] spanSlots = new int[SPAN_DEDICATED.length];

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
  }

  @Override
  public void write(TraceRow row) {
    rc.startMessage();
    start("trace_id", R_TRACE_ID);
    byte[] id = new byte[16];
    row.trace().id().writeTo(id, 0);
    rc.addBinary(Binary.fromConstantByteArray(id));
    end("trace_id", R_TRACE_ID);
    writeLong("start_time_unix_nano", R_START, row.start());
    writeLong("end_time_unix_nano", R_END, row.end());
    writeLong("duration_nano", R_DURATION, row.end() - row.start());
    writeBytes("root_service_name", R_ROOT_SERVICE, row.rootServiceName());
    writeBytes("root_span_name", R_ROOT_SPAN, row.rootSpanName());
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

  private void writeResourceSpans(ResourceSpans rs, long traceStart) {
    Resource resource = rs.getResource();
    List<KeyValue> attrs = resource.getAttributesList();
    findSlots(attrs, RESOURCE_DEDICATED, resourceSlots, false);
    for (int i = 0; i < RESOURCE_DEDICATED.length; i++) {
      if (resourceSlots[i] >= 0) {
        writeBytes(RS_NAMES[RS_SERVICE_NAME + i], RS_SERVICE_NAME + i, attrs.get(resourceSlots[i]).getValue().getStringValueBytes());
      }
    }
    writeAttrs("attrs", RS_ATTRS, attrs, resourceSlots);
    writeInt("dropped_attributes_count", RS_DROPPED, resource.getDroppedAttributesCount());
    if (resource.getEntityRefsCount() > 0) {
      start("entity_refs", RS_ENTITY_REFS);
      for (EntityRef ref : resource.getEntityRefsList()) {
        rc.addBinary(binary(ref.toByteString()));
      }
      end("entity_refs", RS_ENTITY_REFS);
    }
    writeBytes("schema_url", RS_SCHEMA_URL, rs.getSchemaUrlBytes());
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
    writeAttrs("scope_attrs", SS_ATTRS, scope.getAttributesList(), null);
    writeInt("scope_dropped_attributes_count", SS_DROPPED, scope.getDroppedAttributesCount());
    writeBytes("schema_url", SS_SCHEMA_URL, ss.getSchemaUrlBytes());
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
    writeInt("status_code", SP_STATUS_CODE, span.getStatus().getCodeValue());
    writeBytes("status_message", SP_STATUS_MESSAGE, span.getStatus().getMessageBytes());
    writeBytes("trace_state", SP_TRACE_STATE, span.getTraceStateBytes());
    writeInt("flags", SP_FLAGS, span.getFlags());
    List<KeyValue> attrs = span.getAttributesList();
    findSlots(attrs, SPAN_DEDICATED, spanSlots, true);
    if (spanSlots[0] >= 0) {
      writeBytes("http_request_method", SP_HTTP_METHOD, attrs.get(spanSlots[0]).getValue().getStringValueBytes());
    }
    if (spanSlots[1] >= 0) {
      writeBytes("http_route", SP_HTTP_ROUTE, attrs.get(spanSlots[1]).getValue().getStringValueBytes());
    }
    if (spanSlots[2] >= 0) {
      writeLong("http_response_status_code", SP_HTTP_STATUS, attrs.get(spanSlots[2]).getValue().getIntValue());
    }
    if (spanSlots[3] >= 0) {
      writeBytes("db_system", SP_DB_SYSTEM, attrs.get(spanSlots[3]).getValue().getStringValueBytes());
    }
    writeAttrs("attrs", SP_ATTRS, attrs, spanSlots);
    writeInt("dropped_attributes_count", SP_DROPPED_ATTRS, span.getDroppedAttributesCount());
    if (span.getEventsCount() > 0) {
      start("events", SP_EVENTS);
      for (Span.Event event : span.getEventsList()) {
        rc.startGroup();
        writeLong("offset_nano", EV_OFFSET, event.getTimeUnixNano() - start);
        writeBytes("name", EV_NAME, event.getNameBytes());
        writeAttrs("attrs", EV_ATTRS, event.getAttributesList(), null);
        writeInt("dropped_attributes_count", EV_DROPPED, event.getDroppedAttributesCount());
        rc.endGroup();
      }
      end("events", SP_EVENTS);
    }
    writeInt("dropped_events_count", SP_DROPPED_EVENTS, span.getDroppedEventsCount());
    if (span.getLinksCount() > 0) {
      start("links", SP_LINKS);
      for (Span.Link link : span.getLinksList()) {
        rc.startGroup();
        writeBytes("trace_id", LK_TRACE_ID, link.getTraceId());
        writeBytes("span_id", LK_SPAN_ID, link.getSpanId());
        writeBytes("trace_state", LK_TRACE_STATE, link.getTraceStateBytes());
        writeInt("flags", LK_FLAGS, link.getFlags());
        writeAttrs("attrs", LK_ATTRS, link.getAttributesList(), null);
        writeInt("dropped_attributes_count", LK_DROPPED, link.getDroppedAttributesCount());
        rc.endGroup();
      }
      end("links", SP_LINKS);
    }
    writeInt("dropped_links_count", SP_DROPPED_LINKS, span.getDroppedLinksCount());
  }

  /**
   * Fills {@code slots[i]} with the index of the first attribute named {@code keys[i]} whose value
   * is a string (or, for http.response.status_code on spans, an int), -1 if none.
   */
  private static void findSlots(List<KeyValue> attrs, String[] keys, int[] slots, boolean spanLevel) {
    java.util.Arrays.fill(slots, -1);
    for (int a = 0; a < attrs.size(); a++) {
      KeyValue kv = attrs.get(a);
      String key = kv.getKey();
      for (int i = 0; i < keys.length; i++) {
        if (slots[i] < 0 && keys[i].equals(key)) {
          boolean intColumn = spanLevel && i == 2;
          AnyValue.ValueCase expected = intColumn ? AnyValue.ValueCase.INT_VALUE : AnyValue.ValueCase.STRING_VALUE;
          if (kv.getValue().getValueCase() == expected) {
            slots[i] = a;
          }
          break;
        }
      }
    }
  }

  private void writeAttrs(String name, int index, List<KeyValue> attrs, int[] skip) {
    int n = attrs.size();
    if (n == 0 || (skip != null && n == countTaken(skip))) {
      return;
    }
    start(name, index);
    for (int a = 0; a < n; a++) {
      if (skip != null && isTaken(skip, a)) {
        continue;
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
        case BYTES_VALUE -> writeBytesAlways("bytes", A_BYTES, v.getBytesValue());
        case VALUE_NOT_SET -> {}
        default -> writeBytesAlways("any", A_ANY, v.toByteString());
      }
      rc.endGroup();
    }
    end(name, index);
  }

  private static int countTaken(int[] slots) {
    int n = 0;
    for (int s : slots) {
      if (s >= 0) {
        n++;
      }
    }
    return n;
  }

  private static boolean isTaken(int[] slots, int a) {
    for (int s : slots) {
      if (s == a) {
        return true;
      }
    }
    return false;
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
    // Zero-copy for the flat byte strings protobuf keeps; the bytes are never changed.
    return Binary.fromConstantByteBuffer(value.asReadOnlyByteBuffer());
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
