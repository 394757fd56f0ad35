package dev.andante.querier.http;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.querier.tracebyid.TimeRange;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/** A trace-by-ID request, parsed and checked: tenant, trace ID, and the optional start/end. */
record TraceRequest(TenantId tenant, TraceId id, TimeRange range, boolean protobuf) {
  static final String PROTOBUF = "application/protobuf";

  /** @throws HttpError 401 for a missing or invalid tenant, 400 for a bad ID or time range */
  static TraceRequest parse(RoutingContext ctx, boolean multitenancyEnabled) {
    TenantId tenant;
    try {
      tenant = TenantId.fromHeader(ctx.request().getHeader(TenantId.HEADER), multitenancyEnabled);
    } catch (IllegalArgumentException e) {
      throw new HttpError(401, "Cannot find trace: " + e.getMessage());
    }
    String hex = ctx.pathParam("id");
    TraceId id;
    try {
      id = TraceId.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "Cannot find trace: " + e.getMessage() + " (id '" + hex + "')");
    }
    Instant start = epochSeconds(ctx, "start");
    Instant end = epochSeconds(ctx, "end");
    if (start != null && end != null && start.isAfter(end)) {
      throw new HttpError(
          400,
          "Cannot find trace: start (" + start.getEpochSecond() + ") must not be after end ("
              + end.getEpochSecond() + ")");
    }
    return new TraceRequest(tenant, id, new TimeRange(start, end), acceptsProtobuf(ctx.request().getHeader("Accept")));
  }

  private static Instant epochSeconds(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return null;
    }
    String value = values.get(0);
    if (values.size() > 1) {
      throw new HttpError(400, "Cannot find trace: " + name + " is given " + values.size() + " times, at most once is allowed");
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new HttpError(400, "Cannot find trace: " + name + " must be unix epoch seconds, got '" + value + "'");
    }
    if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw new HttpError(400, "Cannot find trace: " + name + " must be unix epoch seconds, got " + seconds);
    }
    return Instant.ofEpochSecond(seconds);
  }

  /** Whether the Accept header names protobuf (JSON is the default). */
  static boolean acceptsProtobuf(String accept) {
    if (accept == null) {
      return false;
    }
    for (String type : accept.split(",")) {
      int semicolon = type.indexOf(';');
      String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
      if (mediaType.equalsIgnoreCase(PROTOBUF)) {
        return true;
      }
    }
    return false;
  }
}
