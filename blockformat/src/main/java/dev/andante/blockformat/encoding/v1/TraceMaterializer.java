package dev.andante.blockformat.encoding.v1;

import static dev.andante.blockformat.encoding.v1.Schema.*;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;

/**
 * Builds {@link Trace}s from v1 rows, protobuf builders fed directly by the column readers. With a
 * wanted trace ID, every other row is passed over without building anything and read as null.
 * Not thread safe: one per read.
 */
final class TraceMaterializer extends RecordMaterializer<Trace> {
  private final ByteString wanted;
  private final GroupConverter root;
  private final BooleanSupplier skip = () -> this.skipping;

  private boolean skipping;
  private ByteString traceId;
  private long traceStart;
  private List<ResourceSpans> resourceSpans;
  private ResourceSpans.Builder rs;
  private Resource.Builder resource;
  private ScopeSpans.Builder ss;
  private InstrumentationScope.Builder scope;
  private Span.Builder span;
  private long spanStart;
  private int statusCode;
  private ByteString statusMessage;

  /** @param wanted the only trace to build, or null for every row */
  TraceMaterializer(TraceId wanted) {
    this.wanted = wanted == null ? null : ByteString.copyFrom(wanted.bytes());
    this.root = rootConverter();
  }

  @Override
  public Trace getCurrentRecord() {
    return skipping ? null : new Trace(TraceId.of(traceId.toByteArray()), resourceSpans);
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private GroupConverter rootConverter() {
    BooleanSupplier never = () -> false;
    return new Converters.Group(
        never,
        () -> {
          skipping = false;
          resourceSpans = new ArrayList<>(4);
        },
        () -> {},
        new Converters.Bytes(
            never,
            id -> {
              traceId = id;
              skipping = wanted != null && !wanted.equals(id);
            }),
        new Converters.Long(skip, v -> traceStart = v),
        new Converters.Long(skip, v -> {}),
        new Converters.Long(skip, v -> {}),
        new Converters.Bytes(skip, v -> {}),
        new Converters.Bytes(skip, v -> {}),
        resourceSpansConverter());
  }

  private GroupConverter resourceSpansConverter() {
    return new Converters.Group(
        skip,
        () -> {
          rs = ResourceSpans.newBuilder();
          resource = rs.getResourceBuilder();
        },
        () -> resourceSpans.add(rs.build()),
        dedicatedString(SERVICE_NAME, kv -> resource.addAttributes(kv)),
        dedicatedString(K8S_NAMESPACE, kv -> resource.addAttributes(kv)),
        dedicatedString(K8S_POD, kv -> resource.addAttributes(kv)),
        attrs(kv -> resource.addAttributes(kv)),
        new Converters.Bytes(skip, v -> merge(rs, v)),
        scopeSpansConverter());
  }

  private GroupConverter scopeSpansConverter() {
    return new Converters.Group(
        skip,
        () -> {
          ss = rs.addScopeSpansBuilder();
          scope = ss.getScopeBuilder();
        },
        () -> {},
        new Converters.Bytes(skip, v -> scope.setNameBytes(v)),
        new Converters.Bytes(skip, v -> scope.setVersionBytes(v)),
        new Converters.Bytes(skip, v -> merge(ss, v)),
        spansConverter());
  }

  private GroupConverter spansConverter() {
    return new Converters.Group(
        skip,
        () -> {
          span = Span.newBuilder().setTraceId(traceId);
          statusCode = 0;
          statusMessage = ByteString.EMPTY;
        },
        () -> {
          if (statusCode != 0 || !statusMessage.isEmpty()) {
            span.setStatus(Status.newBuilder().setCodeValue(statusCode).setMessageBytes(statusMessage));
          }
          ss.addSpans(span);
        },
        new Converters.Bytes(skip, v -> span.setSpanId(v)),
        new Converters.Bytes(skip, v -> span.setParentSpanId(v)),
        new Converters.Bytes(skip, v -> span.setNameBytes(v)),
        new Converters.Int(skip, v -> span.setKindValue(v)),
        new Converters.Long(
            skip,
            v -> {
              spanStart = traceStart + v;
              span.setStartTimeUnixNano(spanStart);
            }),
        new Converters.Long(skip, v -> span.setEndTimeUnixNano(spanStart + v)),
        new Converters.Int(skip, v -> statusCode = v),
        new Converters.Bytes(skip, v -> statusMessage = v),
        new Converters.Int(skip, v -> span.setFlags(v)),
        dedicatedString(HTTP_METHOD, kv -> span.addAttributes(kv)),
        dedicatedString(HTTP_ROUTE, kv -> span.addAttributes(kv)),
        new Converters.Long(
            skip,
            v -> span.addAttributes(KeyValue.newBuilder().setKey(HTTP_STATUS).setValue(AnyValue.newBuilder().setIntValue(v)))),
        dedicatedString(DB_SYSTEM, kv -> span.addAttributes(kv)),
        attrs(kv -> span.addAttributes(kv)),
        new Converters.Bytes(skip, v -> merge(span, v)));
  }

  private Converter dedicatedString(String key, Consumer<KeyValue> target) {
    return new Converters.Bytes(
        skip, v -> target.accept(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValueBytes(v)).build()));
  }

  /** A key/typed-value list; each element goes to {@code target} when complete. */
  private GroupConverter attrs(Consumer<KeyValue> target) {
    KeyValue.Builder[] kv = new KeyValue.Builder[1];
    AnyValue.Builder[] value = new AnyValue.Builder[1];
    return new Converters.Group(
        skip,
        () -> {
          kv[0] = KeyValue.newBuilder();
          value[0] = AnyValue.newBuilder();
        },
        () -> target.accept(kv[0].setValue(value[0]).build()),
        new Converters.Bytes(skip, v -> kv[0].setKeyBytes(v)),
        new Converters.Bytes(skip, v -> value[0].setStringValueBytes(v)),
        new Converters.Long(skip, v -> value[0].setIntValue(v)),
        new Converters.Double(skip, v -> value[0].setDoubleValue(v)),
        new Converters.Bool(skip, v -> value[0].setBoolValue(v)));
  }

  /** Merges an {@code extra} column's serialized message (of the builder's type) into the builder. */
  private static void merge(Message.Builder target, ByteString extra) {
    try {
      target.mergeFrom(extra);
    } catch (InvalidProtocolBufferException e) {
      throw new ParquetDecodingException("extra column does not hold a serialized " + target.getDescriptorForType().getName(), e);
    }
  }
}
