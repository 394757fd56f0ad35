package dev.andante.blockformat.testing;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded generator of realistic traces: a request enters a frontend and fans out over several
 * services (HTTP, gRPC, database and cache calls), each service its own resource with Kubernetes
 * attributes; spans nest in time; failed calls carry status ERROR and an exception event; some
 * spans link to other traces. Every {@link #EVERY_TYPE_PERIOD}th trace's root span also carries an
 * attribute of every AnyValue type (see {@link #everyValueType()}). The same seed gives the same
 * traces. Not thread safe.
 */
public final class TestTraces {
  public static final int EVERY_TYPE_PERIOD = 10;
  /** Traces start within an hour from here. */
  public static final Instant BASE_TIME = Instant.parse("2026-11-02T10:00:00Z");

  private static final long BASE_NANOS = BASE_TIME.getEpochSecond() * 1_000_000_000L;
  private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "inventory", "shipping", "email", "recommendation"};
  private static final String[] ROUTES = {"/api/cart", "/api/checkout", "/api/products/{id}", "/api/recommendations", "/api/orders/{id}", "/"};
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] TABLES = {"orders", "products", "users", "carts", "shipments"};
  private static final String[] RPC_METHODS = {"GetCart", "AddItem", "Charge", "Reserve", "Quote", "Send", "List"};

  private final SplittableRandom random;
  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private int generated;

  public TestTraces(long seed) {
    this.random = new SplittableRandom(seed);
    for (String service : SERVICES) {
      resources.put(service, resource(service));
    }
  }

  /** A random, non-zero trace ID. */
  public TraceId randomId() {
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    return TraceId.of(high, low);
  }

  /** {@code count} traces of about {@code spansPerTrace} spans each, sorted by ID, IDs distinct. */
  public List<Trace> sorted(int count, int spansPerTrace) {
    TreeMap<TraceId, Trace> traces = new TreeMap<>();
    while (traces.size() < count) {
      TraceId id = randomId();
      traces.put(id, trace(id, spansPerTrace));
    }
    return new ArrayList<>(traces.values());
  }

  /** A trace with a random ID. */
  public Trace trace(int spans) {
    return trace(randomId(), spans);
  }

  /** A trace of exactly {@code spans} spans (at least 1), grouped by service and scope. */
  public Trace trace(TraceId id, int spans) {
    if (spans < 1) {
      throw new IllegalArgumentException("spans must be at least 1, got " + spans);
    }
    ByteString traceId = ByteString.copyFrom(id.bytes());
    long start = BASE_NANOS + random.nextLong(3_600_000_000_000L);
    long duration = 5_000_000L + random.nextLong(500_000_000L);
    Map<String, Map<String, List<Span>>> byServiceAndScope = new LinkedHashMap<>();
    List<Span> all = new ArrayList<>(spans);
    List<String> serviceOf = new ArrayList<>(spans);

    Span.Builder root = httpServer(traceId, ByteString.EMPTY, start, duration);
    if (generated++ % EVERY_TYPE_PERIOD == 0) {
      root.addAllAttributes(everyValueType());
    }
    addSpan(byServiceAndScope, all, serviceOf, "frontend", "io.opentelemetry.http", root.build());
    while (all.size() < spans) {
      int parentIndex = random.nextInt(all.size());
      Span parent = all.get(parentIndex);
      String parentService = serviceOf.get(parentIndex);
      long pStart = parent.getStartTimeUnixNano();
      long pDur = parent.getEndTimeUnixNano() - pStart;
      long cStart = pStart + random.nextLong(Math.max(1, pDur / 2));
      long cDur = 1 + random.nextLong(Math.max(1, pStart + pDur - cStart));
      int kind = random.nextInt(10);
      if (kind < 3 && all.size() + 2 <= spans) {
        // An RPC: client span in the caller, server span in the callee.
        String callee = SERVICES[1 + random.nextInt(SERVICES.length - 1)];
        Span client = rpc(traceId, parent.getSpanId(), cStart, cDur, Span.SpanKind.SPAN_KIND_CLIENT, callee);
        addSpan(byServiceAndScope, all, serviceOf, parentService, "io.opentelemetry.grpc", client);
        Span server =
            rpc(traceId, client.getSpanId(), cStart + cDur / 20, Math.max(1, cDur * 9 / 10), Span.SpanKind.SPAN_KIND_SERVER, callee);
        addSpan(byServiceAndScope, all, serviceOf, callee, "io.opentelemetry.grpc", server);
      } else if (kind < 6) {
        addSpan(byServiceAndScope, all, serviceOf, parentService, "io.opentelemetry.jdbc", db(traceId, parent.getSpanId(), cStart, cDur));
      } else if (kind < 8) {
        addSpan(byServiceAndScope, all, serviceOf, parentService, "io.opentelemetry.lettuce", cache(traceId, parent.getSpanId(), cStart, cDur));
      } else {
        addSpan(byServiceAndScope, all, serviceOf, parentService, "app", internal(traceId, parent.getSpanId(), cStart, cDur));
      }
    }
    List<ResourceSpans> out = new ArrayList<>();
    for (var service : byServiceAndScope.entrySet()) {
      ResourceSpans.Builder rs =
          ResourceSpans.newBuilder().setResource(resources.get(service.getKey())).setSchemaUrl("https://opentelemetry.io/schemas/1.26.0");
      for (var scope : service.getValue().entrySet()) {
        rs.addScopeSpans(
            ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scope.getKey()).setVersion("2.10.0"))
                .addAllSpans(scope.getValue()));
      }
      out.add(rs.build());
    }
    return new Trace(id, out);
  }

  /**
   * Attributes of every AnyValue type: string (also empty), bool, int, double, bytes (also empty),
   * array (also empty, and of mixed types), kvlist, nested arrays and kvlists, and no value at all.
   */
  public static List<KeyValue> everyValueType() {
    AnyValue nested =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("inner.array", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("x")).addValues(AnyValue.newBuilder().setIntValue(7))).build()))
                    .addValues(kv("inner.kvlist", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("deep", str("value")))).build())))
            .build();
    return List.of(
        kv("test.string", str("hello, world")),
        kv("test.string.empty", str("")),
        kv("test.bool", AnyValue.newBuilder().setBoolValue(true).build()),
        kv("test.bool.false", AnyValue.newBuilder().setBoolValue(false).build()),
        kv("test.int", AnyValue.newBuilder().setIntValue(-42).build()),
        kv("test.int.max", AnyValue.newBuilder().setIntValue(Long.MAX_VALUE).build()),
        kv("test.double", AnyValue.newBuilder().setDoubleValue(3.25).build()),
        kv("test.double.nan", AnyValue.newBuilder().setDoubleValue(Double.NaN).build()),
        kv("test.bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF})).build()),
        kv("test.bytes.empty", AnyValue.newBuilder().setBytesValue(ByteString.EMPTY).build()),
        kv("test.array", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("a")).addValues(AnyValue.newBuilder().setBoolValue(true)).addValues(AnyValue.newBuilder().setDoubleValue(1.5))).build()),
        kv("test.array.empty", AnyValue.newBuilder().setArrayValue(ArrayValue.getDefaultInstance()).build()),
        kv("test.kvlist", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("a", str("b"))).addValues(kv("n", AnyValue.newBuilder().setIntValue(1).build()))).build()),
        kv("test.nested", nested),
        KeyValue.newBuilder().setKey("test.empty").build(),
        kv("http.response.status_code", str("not an int, so not in the dedicated column")));
  }

  private void addSpan(Map<String, Map<String, List<Span>>> groups, List<Span> all, List<String> serviceOf, String service, String scope, Span span) {
    groups.computeIfAbsent(service, s -> new LinkedHashMap<>()).computeIfAbsent(scope, s -> new ArrayList<>()).add(span);
    all.add(span);
    serviceOf.add(service);
  }

  private Span.Builder base(ByteString traceId, ByteString parent, String name, Span.SpanKind kind, long start, long duration) {
    return Span.newBuilder()
        .setTraceId(traceId)
        .setSpanId(spanId())
        .setParentSpanId(parent)
        .setName(name)
        .setKind(kind)
        .setFlags(0x101)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + duration);
  }

  private Span.Builder httpServer(ByteString traceId, ByteString parent, long start, long duration) {
    int m = random.nextInt(METHODS.length);
    String route = ROUTES[random.nextInt(ROUTES.length)];
    int status = random.nextInt(20) == 0 ? 500 : 200;
    Span.Builder span =
        base(traceId, parent, METHODS[m] + " " + route, Span.SpanKind.SPAN_KIND_SERVER, start, duration)
            .addAttributes(kv("http.request.method", str(METHODS[m])))
            .addAttributes(kv("http.route", str(route)))
            .addAttributes(kv("url.path", str(route.replace("{id}", Integer.toString(random.nextInt(100_000))))))
            .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(status).build()))
            .addAttributes(kv("user_agent.original", str("Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0")))
            .setTraceState("vendor=abc,p=8");
    if (status >= 500) {
      failed(span, "java.lang.IllegalStateException", "upstream failed");
    }
    return span;
  }

  private Span rpc(ByteString traceId, ByteString parent, long start, long duration, Span.SpanKind kind, String callee) {
    String method = RPC_METHODS[random.nextInt(RPC_METHODS.length)];
    String service = "oteldemo." + Character.toUpperCase(callee.charAt(0)) + callee.substring(1) + "Service";
    Span.Builder span =
        base(traceId, parent, service + "/" + method, kind, start, duration)
            .addAttributes(kv("rpc.system", str("grpc")))
            .addAttributes(kv("rpc.service", str(service)))
            .addAttributes(kv("rpc.method", str(method)))
            .addAttributes(kv("rpc.grpc.status_code", AnyValue.newBuilder().setIntValue(0).build()));
    if (kind == Span.SpanKind.SPAN_KIND_CLIENT) {
      span.addAttributes(kv("server.address", str(callee))).addAttributes(kv("server.port", AnyValue.newBuilder().setIntValue(8080).build()));
    }
    if (random.nextInt(25) == 0) {
      failed(span, "io.grpc.StatusRuntimeException", "UNAVAILABLE: io exception");
    }
    if (random.nextInt(30) == 0) {
      span.addLinks(
          Span.Link.newBuilder()
              .setTraceId(ByteString.copyFrom(randomId().bytes()))
              .setSpanId(spanId())
              .setTraceState("vendor=xyz")
              .setFlags(1)
              .addAttributes(kv("messaging.operation", str("process"))));
    }
    return span.build();
  }

  private Span db(ByteString traceId, ByteString parent, long start, long duration) {
    String table = TABLES[random.nextInt(TABLES.length)];
    Span.Builder span =
        base(traceId, parent, "SELECT shop." + table, Span.SpanKind.SPAN_KIND_CLIENT, start, duration)
            .addAttributes(kv("db.system", str("postgresql")))
            .addAttributes(kv("db.name", str("shop")))
            .addAttributes(kv("db.statement", str("SELECT * FROM " + table + " WHERE id = $1")))
            .addAttributes(kv("server.address", str("postgres.shop.svc")));
    if (random.nextInt(40) == 0) {
      failed(span, "org.postgresql.util.PSQLException", "ERROR: canceling statement due to statement timeout");
    }
    return span.build();
  }

  private Span cache(ByteString traceId, ByteString parent, long start, long duration) {
    return base(traceId, parent, "GET", Span.SpanKind.SPAN_KIND_CLIENT, start, duration)
        .addAttributes(kv("db.system", str("redis")))
        .addAttributes(kv("db.operation", str("GET")))
        .addAttributes(kv("db.redis.database_index", AnyValue.newBuilder().setIntValue(0).build()))
        .build();
  }

  private Span internal(ByteString traceId, ByteString parent, long start, long duration) {
    return base(traceId, parent, "render", Span.SpanKind.SPAN_KIND_INTERNAL, start, duration)
        .addAttributes(kv("app.items", AnyValue.newBuilder().setIntValue(random.nextInt(50)).build()))
        .addAttributes(kv("app.cache_hit", AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build()))
        .addAttributes(kv("app.ratio", AnyValue.newBuilder().setDoubleValue(random.nextInt(1000) / 1000.0).build()))
        .addEvents(
            Span.Event.newBuilder()
                .setTimeUnixNano(start + duration / 2)
                .setName("cache.lookup")
                .addAttributes(kv("cache.key", str("product:" + random.nextInt(1000)))))
        .build();
  }

  private void failed(Span.Builder span, String type, String message) {
    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message))
        .addEvents(
            Span.Event.newBuilder()
                .setTimeUnixNano(span.getEndTimeUnixNano() - 1000)
                .setName("exception")
                .addAttributes(kv("exception.type", str(type)))
                .addAttributes(kv("exception.message", str(message)))
                .addAttributes(kv("exception.stacktrace", str(type + ": " + message + "\n\tat dev.shop.Handler.handle(Handler.java:42)\n\tat dev.shop.Server.serve(Server.java:17)")))
                .setDroppedAttributesCount(1));
  }

  private Resource resource(String service) {
    String pod = service + "-" + Integer.toHexString(service.hashCode() & 0xFFFFF) + "-x7k2p";
    return Resource.newBuilder()
        .addAttributes(kv("service.name", str(service)))
        .addAttributes(kv("service.namespace", str("shop")))
        .addAttributes(kv("service.version", str("1.4." + (service.length() % 5))))
        .addAttributes(kv("deployment.environment.name", str("production")))
        .addAttributes(kv("k8s.cluster.name", str("prod-eu-1")))
        .addAttributes(kv("k8s.namespace.name", str("shop")))
        .addAttributes(kv("k8s.pod.name", str(pod)))
        .addAttributes(kv("k8s.container.name", str(service)))
        .addAttributes(kv("host.name", str("node-" + (service.length() % 3))))
        .addAttributes(kv("telemetry.sdk.language", str("java")))
        .addAttributes(kv("telemetry.sdk.name", str("opentelemetry")))
        .addAttributes(kv("telemetry.sdk.version", str("1.44.1")))
        .build();
  }

  private ByteString spanId() {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (id >>> (56 - 8 * i));
    }
    return ByteString.copyFrom(bytes);
  }

  private static AnyValue str(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
