package dev.andante.querier.http;

import io.vertx.ext.web.RoutingContext;

/** Small helpers for plain answers. */
final class Responses {
  static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  static void text(RoutingContext ctx, int status, String body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", TEXT).end(body);
  }
}
