package dev.andante.benchmarks.generator;

import static dev.andante.benchmarks.generator.Service.kv;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates traces of an online shop shaped like the OpenTelemetry demo: a frontend calling cart,
 * checkout, payment, product catalog, currency, shipping, email, recommendation and ad services,
 * with Redis, PostgreSQL and Kafka behind them. Spans carry the semantic-convention attributes real
 * instrumentations emit; failures carry exception events. Seeded: the same seed gives the same
 * traces. Not thread safe.
 */
public final class TraceGenerator {
  private static final long MS = 1_000_000L;
  private static final String[] PRODUCTS = {
    "OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0", "LS4PSXUNUM",
    "9SIQT8TOJO", "6E92ZMYYFZ", "HQTGWGPNH4"
  };
  private static final String[] CURRENCIES = {"USD", "EUR", "CAD", "JPY", "GBP", "TRY"};
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "python-requests/2.32.3"
  };

  private final Random random;
  private final Service frontend;
  private final Service cart;
  private final Service checkout;
  private final Service payment;
  private final Service catalog;
  private final Service currency;
  private final Service shipping;
  private final Service email;
  private final Service recommendation;
  private final Service ad;
  private final Service accounting;
  private final Service fraud;
  private final int bigTraceSpans;
  private final double bigTraceRatio;

  public TraceGenerator(long seed) {
    this(seed, 0.002, 2_000);
  }

  /**
   * @param bigTraceRatio share of traces that are catalog re-index jobs of about {@code
   *     bigTraceSpans} spans; the rest are shop requests of a few to a few dozen spans
   */
  public TraceGenerator(long seed, double bigTraceRatio, int bigTraceSpans) {
    this.random = new Random(seed);
    this.bigTraceRatio = bigTraceRatio;
    this.bigTraceSpans = bigTraceSpans;
    frontend = Service.create("frontend", "nodejs", "@opentelemetry/instrumentation-http", "1.12.0", random);
    cart = Service.create("cart", "dotnet", "Microsoft.AspNetCore", "1.12.0", random);
    checkout = Service.create("checkout", "go", "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", "1.12.0", random);
    payment = Service.create("payment", "nodejs", "@opentelemetry/instrumentation-grpc", "1.12.0", random);
    catalog = Service.create("product-catalog", "go", "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", "1.12.0", random);
    currency = Service.create("currency", "cpp", "currency", "1.12.0", random);
    shipping = Service.create("shipping", "rust", "opentelemetry-http", "1.12.0", random);
    email = Service.create("email", "ruby", "OpenTelemetry::Instrumentation::Sinatra", "1.12.0", random);
    recommendation = Service.create("recommendation", "python", "opentelemetry.instrumentation.grpc", "1.12.0", random);
    ad = Service.create("ad", "java", "io.opentelemetry.grpc-1.6", "1.12.0", random);
    accounting = Service.create("accounting", "dotnet", "Confluent.Kafka", "1.12.0", random);
    fraud = Service.create("fraud-detection", "java", "io.opentelemetry.kafka-clients-0.11", "1.12.0", random);
  }

  /** The next trace, starting at {@code startNanos}, as one ResourceSpans per service it touched. */
  public List<ResourceSpans> next(long startNanos) {
    TraceBuilder t = new TraceBuilder(startNanos);
    double r = random.nextDouble();
    if (r < bigTraceRatio) {
      reindex(t);
    } else if (r < 0.40) {
      productPage(t);
    } else if (r < 0.60) {
      homePage(t);
    } else if (r < 0.82) {
      addToCart(t);
    } else {
      placeOrder(t);
    }
    return t.build();
  }

  private void homePage(TraceBuilder t) {
    Span.Builder root = t.httpServer(frontend, null, "GET", "/", "/", t.start, 0);
    long at = t.start + ms(1, 3);
    at = t.grpc(frontend, catalog, root, "oteldemo.ProductCatalogService", "ListProducts", at, ms(2, 8), false);
    at = t.grpc(frontend, currency, root, "oteldemo.CurrencyService", "GetSupportedCurrencies", at, ms(1, 3), false);
    at = recommendations(t, root, at);
    at = ads(t, root, at);
    t.end(root, at + ms(1, 4), 200);
  }

  private void productPage(TraceBuilder t) {
    String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
    Span.Builder root = t.httpServer(frontend, null, "GET", "/api/products/" + product, "/api/products/[productId]", t.start, 0);
    long at = t.start + ms(1, 3);
    at = t.grpc(frontend, catalog, root, "oteldemo.ProductCatalogService", "GetProduct", at, ms(1, 6), false);
    at = t.grpc(frontend, currency, root, "oteldemo.CurrencyService", "Convert", at, ms(1, 3), false);
    at = recommendations(t, root, at);
    at = ads(t, root, at);
    t.end(root, at + ms(1, 4), 200);
  }

  private long recommendations(TraceBuilder t, Span.Builder parent, long at) {
    Span.Builder client = t.grpcClient(frontend, parent, "oteldemo.RecommendationService", "ListRecommendations", at);
    Span.Builder server = t.grpcServer(recommendation, client, "oteldemo.RecommendationService", "ListRecommendations", at + ms(0, 1));
    long inner = t.grpc(recommendation, catalog, server, "oteldemo.ProductCatalogService", "ListProducts", at + ms(1, 2), ms(2, 6), false);
    Span.Builder pick = t.internal(recommendation, server, "get_product_list", inner, ms(0, 1));
    pick.addAttributes(kv("app.products.count", (long) 5 + random.nextInt(6)));
    pick.addAttributes(kv("app.filtered_products.count", (long) 1 + random.nextInt(5)));
    long end = inner + ms(1, 2);
    t.endGrpc(server, end, 0);
    t.endGrpc(client, end + ms(0, 1), 0);
    return end + ms(0, 1);
  }

  private long ads(TraceBuilder t, Span.Builder parent, long at) {
    boolean fail = random.nextDouble() < 0.02;
    Span.Builder client = t.grpcClient(frontend, parent, "oteldemo.AdService", "GetAds", at);
    Span.Builder server = t.grpcServer(ad, client, "oteldemo.AdService", "GetAds", at + ms(0, 1));
    server.addAttributes(kv("app.ads.contextKeys", "[binoculars, telescopes]"));
    server.addAttributes(kv("app.ads.count", 2L));
    long end = at + ms(2, 9);
    if (fail) {
      t.exception(server, end - ms(0, 1), "io.grpc.StatusRuntimeException", "RESOURCE_EXHAUSTED: ad service cache full",
          "io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED\n\tat oteldemo.AdService.getAds(AdService.java:211)\n\tat io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose(ServerCalls.java:182)");
    }
    t.endGrpc(server, end, fail ? 8 : 0);
    t.endGrpc(client, end + ms(0, 1), fail ? 8 : 0);
    return end + ms(0, 1);
  }

  private void addToCart(TraceBuilder t) {
    Span.Builder root = t.httpServer(frontend, null, "POST", "/api/cart", "/api/cart", t.start, 0);
    long at = t.start + ms(1, 2);
    Span.Builder client = t.grpcClient(frontend, root, "oteldemo.CartService", "AddItem", at);
    Span.Builder server = t.grpcServer(cart, client, "oteldemo.CartService", "AddItem", at + ms(0, 1));
    server.addAttributes(kv("app.user.id", java.util.UUID.nameUUIDFromBytes(longBytes(random.nextInt(5000))).toString()));
    server.addAttributes(kv("app.product.id", PRODUCTS[random.nextInt(PRODUCTS.length)]));
    server.addAttributes(kv("app.product.quantity", (long) 1 + random.nextInt(5)));
    long db = t.redis(cart, server, "HGET", at + ms(1, 2));
    db = t.redis(cart, server, "HSET", db);
    db = t.redis(cart, server, "EXPIRE", db);
    t.endGrpc(server, db + ms(0, 1), 0);
    t.endGrpc(client, db + ms(1, 2), 0);
    t.end(root, db + ms(2, 4), 200);
  }

  private void placeOrder(TraceBuilder t) {
    Span.Builder root = t.httpServer(frontend, null, "POST", "/api/checkout", "/api/checkout", t.start, 0);
    long at = t.start + ms(1, 2);
    Span.Builder client = t.grpcClient(frontend, root, "oteldemo.CheckoutService", "PlaceOrder", at);
    Span.Builder order = t.grpcServer(checkout, client, "oteldemo.CheckoutService", "PlaceOrder", at + ms(0, 1));
    String userId = java.util.UUID.nameUUIDFromBytes(longBytes(random.nextInt(5000))).toString();
    order.addAttributes(kv("app.user.id", userId));
    order.addAttributes(kv("app.user.currency", CURRENCIES[random.nextInt(CURRENCIES.length)]));
    at = at + ms(1, 2);

    Span.Builder getCartClient = t.grpcClient(checkout, order, "oteldemo.CartService", "GetCart", at);
    Span.Builder getCart = t.grpcServer(cart, getCartClient, "oteldemo.CartService", "GetCart", at + ms(0, 1));
    long db = t.redis(cart, getCart, "HGETALL", at + ms(0, 1));
    t.endGrpc(getCart, db, 0);
    t.endGrpc(getCartClient, db + ms(0, 1), 0);
    at = db + ms(0, 1);

    int items = 1 + random.nextInt(6);
    order.addAttributes(kv("app.cart.items.count", (long) items));
    for (int i = 0; i < items; i++) {
      at = t.grpc(checkout, catalog, order, "oteldemo.ProductCatalogService", "GetProduct", at, ms(1, 3), false);
      at = t.grpc(checkout, currency, order, "oteldemo.CurrencyService", "Convert", at, ms(0, 2), false);
    }
    at = t.http(checkout, shipping, order, "POST", "/get-quote", at, ms(2, 6));
    at = t.grpc(checkout, currency, order, "oteldemo.CurrencyService", "Convert", at, ms(0, 2), false);

    boolean declined = random.nextDouble() < 0.05;
    Span.Builder chargeClient = t.grpcClient(checkout, order, "oteldemo.PaymentService", "Charge", at);
    Span.Builder charge = t.grpcServer(payment, chargeClient, "oteldemo.PaymentService", "Charge", at + ms(0, 1));
    charge.addAttributes(kv("app.payment.card_type", random.nextBoolean() ? "visa" : "mastercard"));
    charge.addAttributes(kv("app.payment.card_valid", !declined));
    charge.addAttributes(kv("app.loyalty.level", random.nextBoolean() ? "gold" : "silver"));
    charge.addAttributes(kv("app.payment.amount", Math.round(random.nextDouble() * 50_000) / 100.0));
    long chargeEnd = at + ms(3, 30);
    if (declined) {
      t.exception(charge, chargeEnd - ms(0, 1), "Error", "Payment request failed. Invalid token. app.loyalty.level=gold",
          "Error: Payment request failed. Invalid token.\n    at module.exports.charge (/usr/src/app/charge.js:37:13)\n    at Object.chargeServiceHandler [as charge] (/usr/src/app/index.js:21:31)");
    }
    t.endGrpc(charge, chargeEnd, declined ? 13 : 0);
    t.endGrpc(chargeClient, chargeEnd + ms(0, 1), declined ? 13 : 0);
    at = chargeEnd + ms(0, 1);
    if (declined) {
      t.exception(order, at, "rpc error", "failed to charge card: could not charge the card: rpc error: code = Unknown desc = Payment request failed. Invalid token.", "");
      t.endGrpc(order, at + ms(0, 1), 13);
      t.endGrpc(client, at + ms(1, 2), 13);
      t.end(root, at + ms(2, 3), 500);
      return;
    }
    at = t.http(checkout, shipping, order, "POST", "/ship-order", at, ms(1, 4));
    at = t.http(checkout, email, order, "POST", "/send_order_confirmation", at, ms(10, 60));
    at = t.grpc(checkout, cart, order, "oteldemo.CartService", "EmptyCart", at, ms(1, 3), false);

    Span.Builder publish = t.producer(checkout, order, "orders", at);
    long published = at + ms(1, 3);
    t.endSpan(publish, published);
    t.consumer(accounting, publish, "orders", published + ms(1, 40), ms(1, 5));
    t.consumer(fraud, publish, "orders", published + ms(1, 40), ms(2, 15));

    t.endGrpc(order, published + ms(0, 1), 0);
    t.endGrpc(client, published + ms(1, 2), 0);
    t.end(root, published + ms(2, 4), 200);
  }

  private void reindex(TraceBuilder t) {
    Span.Builder job = t.internal(catalog, null, "catalog.reindex", t.start, 0);
    job.setKind(Span.SpanKind.SPAN_KIND_INTERNAL);
    int n = bigTraceSpans / 2 + random.nextInt(bigTraceSpans);
    long at = t.start + ms(1, 3);
    for (int i = 0; i < n; i++) {
      at = t.postgres(catalog, job, "SELECT", "products",
          "SELECT id, name, description, picture, price_units, price_nanos, categories FROM products WHERE id = $1", at);
    }
    t.endSpan(job, at + ms(1, 3));
  }

  private long ms(int min, int max) {
    return (min + random.nextInt(max - min + 1)) * MS + random.nextInt(1_000_000);
  }

  private static byte[] longBytes(long v) {
    return java.nio.ByteBuffer.allocate(8).putLong(v).array();
  }

  /** Collects the spans of one trace, per service. */
  private final class TraceBuilder {
    final long start;
    final ByteString traceId;
    final Map<Service, List<Span.Builder>> spans = new LinkedHashMap<>();

    TraceBuilder(long start) {
      this.start = start;
      byte[] id = new byte[16];
      random.nextBytes(id);
      this.traceId = ByteString.copyFrom(id);
    }

    Span.Builder span(Service service, Span.Builder parent, String name, Span.SpanKind kind, long startNanos) {
      byte[] id = new byte[8];
      random.nextBytes(id);
      Span.Builder span = Span.newBuilder()
          .setTraceId(traceId)
          .setSpanId(ByteString.copyFrom(id))
          .setName(name)
          .setKind(kind)
          .setFlags(0x101)
          .setStartTimeUnixNano(startNanos);
      if (parent != null) {
        span.setParentSpanId(parent.getSpanId());
      }
      spans.computeIfAbsent(service, s -> new ArrayList<>()).add(span);
      return span;
    }

    Span.Builder httpServer(Service service, Span.Builder parent, String method, String path, String route, long at, long unused) {
      Span.Builder s = span(service, parent, method + " " + route, Span.SpanKind.SPAN_KIND_SERVER, at);
      s.addAttributes(kv("http.request.method", method));
      s.addAttributes(kv("url.path", path));
      s.addAttributes(kv("url.scheme", "http"));
      s.addAttributes(kv("http.route", route));
      s.addAttributes(kv("server.address", "frontend-proxy"));
      s.addAttributes(kv("server.port", 8080L));
      s.addAttributes(kv("network.protocol.version", "1.1"));
      s.addAttributes(kv("client.address", "10.0." + random.nextInt(256) + "." + random.nextInt(256)));
      s.addAttributes(kv("user_agent.original", USER_AGENTS[random.nextInt(USER_AGENTS.length)]));
      return s;
    }

    void end(Span.Builder span, long endNanos, int status) {
      span.addAttributes(kv("http.response.status_code", (long) status));
      if (status >= 500) {
        span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      }
      endSpan(span, endNanos);
    }

    void endSpan(Span.Builder span, long endNanos) {
      span.setEndTimeUnixNano(Math.max(endNanos, span.getStartTimeUnixNano() + 1000));
    }

    Span.Builder grpcClient(Service from, Span.Builder parent, String rpcService, String method, long at) {
      Span.Builder s = span(from, parent, rpcService + "/" + method, Span.SpanKind.SPAN_KIND_CLIENT, at);
      s.addAttributes(kv("rpc.system", "grpc"));
      s.addAttributes(kv("rpc.service", rpcService));
      s.addAttributes(kv("rpc.method", method));
      s.addAttributes(kv("server.address", rpcService.substring(rpcService.indexOf('.') + 1).toLowerCase()));
      s.addAttributes(kv("server.port", 8080L));
      return s;
    }

    Span.Builder grpcServer(Service to, Span.Builder client, String rpcService, String method, long at) {
      Span.Builder s = span(to, client, rpcService + "/" + method, Span.SpanKind.SPAN_KIND_SERVER, at);
      s.addAttributes(kv("rpc.system", "grpc"));
      s.addAttributes(kv("rpc.service", rpcService));
      s.addAttributes(kv("rpc.method", method));
      s.addAttributes(kv("network.peer.address", "10.0." + random.nextInt(256) + "." + random.nextInt(256)));
      return s;
    }

    void endGrpc(Span.Builder span, long endNanos, int code) {
      span.addAttributes(kv("rpc.grpc.status_code", (long) code));
      if (code != 0 && span.getKind() == Span.SpanKind.SPAN_KIND_SERVER || code != 0 && span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT) {
        span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
            .setMessage(code == 13 ? "INTERNAL" : "RESOURCE_EXHAUSTED"));
      }
      endSpan(span, endNanos);
    }

    /** A client span in {@code from} and a server span in {@code to}; returns the client's end. */
    long grpc(Service from, Service to, Span.Builder parent, String rpcService, String method, long at, long latency, boolean fail) {
      Span.Builder client = grpcClient(from, parent, rpcService, method, at);
      Span.Builder server = grpcServer(to, client, rpcService, method, at + ms(0, 1) / 4);
      long serverEnd = server.getStartTimeUnixNano() + latency;
      endGrpc(server, serverEnd, fail ? 13 : 0);
      long end = serverEnd + ms(0, 1) / 4;
      endGrpc(client, end, fail ? 13 : 0);
      return end;
    }

    long http(Service from, Service to, Span.Builder parent, String method, String path, long at, long latency) {
      Span.Builder client = span(from, parent, method, Span.SpanKind.SPAN_KIND_CLIENT, at);
      client.addAttributes(kv("http.request.method", method));
      client.addAttributes(kv("url.full", "http://" + to.name() + ":8080" + path));
      client.addAttributes(kv("server.address", to.name()));
      client.addAttributes(kv("server.port", 8080L));
      Span.Builder server = span(to, client, method + " " + path, Span.SpanKind.SPAN_KIND_SERVER, at + ms(0, 1) / 4);
      server.addAttributes(kv("http.request.method", method));
      server.addAttributes(kv("url.path", path));
      server.addAttributes(kv("http.route", path));
      server.addAttributes(kv("url.scheme", "http"));
      server.addAttributes(kv("network.protocol.version", "1.1"));
      long serverEnd = server.getStartTimeUnixNano() + latency;
      end(server, serverEnd, 200);
      long end = serverEnd + ms(0, 1) / 4;
      end(client, end, 200);
      return end;
    }

    long redis(Service service, Span.Builder parent, String command, long at) {
      Span.Builder s = span(service, parent, command, Span.SpanKind.SPAN_KIND_CLIENT, at);
      s.addAttributes(kv("db.system", "redis"));
      s.addAttributes(kv("db.operation.name", command));
      s.addAttributes(kv("db.query.text", command + " cart:" + Integer.toHexString(random.nextInt())));
      s.addAttributes(kv("server.address", "valkey-cart"));
      s.addAttributes(kv("server.port", 6379L));
      long end = at + ms(0, 1) / 2 + 50_000;
      endSpan(s, end);
      return end + 20_000;
    }

    long postgres(Service service, Span.Builder parent, String op, String table, String query, long at) {
      Span.Builder s = span(service, parent, op + " " + table, Span.SpanKind.SPAN_KIND_CLIENT, at);
      s.addAttributes(kv("db.system", "postgresql"));
      s.addAttributes(kv("db.namespace", "otel"));
      s.addAttributes(kv("db.operation.name", op));
      s.addAttributes(kv("db.collection.name", table));
      s.addAttributes(kv("db.query.text", query));
      s.addAttributes(kv("server.address", "postgresql"));
      s.addAttributes(kv("server.port", 5432L));
      long end = at + ms(0, 2) / 2 + 100_000;
      endSpan(s, end);
      return end + 10_000;
    }

    Span.Builder internal(Service service, Span.Builder parent, String name, long at, long duration) {
      Span.Builder s = span(service, parent, name, Span.SpanKind.SPAN_KIND_INTERNAL, at);
      if (duration > 0) {
        endSpan(s, at + duration);
      }
      return s;
    }

    Span.Builder producer(Service service, Span.Builder parent, String topic, long at) {
      Span.Builder s = span(service, parent, "publish " + topic, Span.SpanKind.SPAN_KIND_PRODUCER, at);
      s.addAttributes(kv("messaging.system", "kafka"));
      s.addAttributes(kv("messaging.destination.name", topic));
      s.addAttributes(kv("messaging.operation.type", "publish"));
      s.addAttributes(kv("messaging.client.id", "checkout-producer"));
      s.addAttributes(kv("server.address", "kafka"));
      return s;
    }

    void consumer(Service service, Span.Builder producer, String topic, long at, long duration) {
      Span.Builder s = span(service, producer, "process " + topic, Span.SpanKind.SPAN_KIND_CONSUMER, at);
      s.addAttributes(kv("messaging.system", "kafka"));
      s.addAttributes(kv("messaging.destination.name", topic));
      s.addAttributes(kv("messaging.operation.type", "process"));
      s.addAttributes(kv("messaging.consumer.group.name", service.name()));
      s.addAttributes(kv("messaging.kafka.message.offset", (long) random.nextInt(10_000_000)));
      s.addAttributes(kv("messaging.destination.partition.id", Integer.toString(random.nextInt(3))));
      s.addLinks(Span.Link.newBuilder().setTraceId(traceId).setSpanId(producer.getSpanId()));
      endSpan(s, at + duration);
    }

    void exception(Span.Builder span, long at, String type, String message, String stack) {
      Span.Event.Builder event = Span.Event.newBuilder().setName("exception").setTimeUnixNano(at)
          .addAttributes(kv("exception.type", type))
          .addAttributes(kv("exception.message", message));
      if (!stack.isEmpty()) {
        event.addAttributes(kv("exception.stacktrace", stack));
      }
      span.addEvents(event);
    }

    List<ResourceSpans> build() {
      List<ResourceSpans> out = new ArrayList<>(spans.size());
      for (Map.Entry<Service, List<Span.Builder>> e : spans.entrySet()) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(e.getKey().scope());
        for (Span.Builder s : e.getValue()) {
          if (s.getEndTimeUnixNano() == 0) {
            endSpan(s, s.getStartTimeUnixNano() + ms(1, 5));
          }
          scope.addSpans(s);
        }
        out.add(ResourceSpans.newBuilder().setResource(e.getKey().resource()).addScopeSpans(scope)
            .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0").build());
      }
      return out;
    }
  }
}
