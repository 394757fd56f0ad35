package dev.andante.deploy.cluster;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /status/ring} (and {@code /distributor/ring}): the members, their roles and states, and
 * each ingester's tokens and share of the ring as primary owner. JSON by default; an HTML table for
 * a browser ({@code Accept: text/html}). Answers from the in-memory snapshot, on the event loop.
 */
public final class RingStatus implements Handler<RoutingContext> {
  private final Supplier<Membership.Snapshot> snapshot;
  private final String localId;
  private final int replicationFactor;

  public RingStatus(Supplier<Membership.Snapshot> snapshot, String localId, int replicationFactor) {
    this.snapshot = snapshot;
    this.localId = localId;
    this.replicationFactor = replicationFactor;
  }

  /** The status as JSON: {@code {self, replication_factor, members: [{id, host, roles, state, tokens, ownership}]}}. */
  public JsonObject json() {
    Membership.Snapshot s = snapshot.get();
    Map<String, Double> shares = s.ring().primaryShares();
    JsonArray members = new JsonArray();
    for (Member m : s.members()) {
      members.add(
          new JsonObject()
              .put("id", m.id())
              .put("host", m.host())
              .put("roles", new JsonArray(m.roles().stream().sorted().toList()))
              .put("state", m.state().name())
              .put("tokens", s.ring().tokenCount(m.id()))
              .put("ownership", shares.getOrDefault(m.id(), 0.0)));
    }
    return new JsonObject().put("self", localId).put("replication_factor", replicationFactor).put("members", members);
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject json = json();
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("text/html")) {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html(json));
    } else {
      ctx.response().putHeader("Content-Type", "application/json").end(json.encodePrettily());
    }
  }

  private static String html(JsonObject json) {
    StringBuilder out = new StringBuilder("<!DOCTYPE html><html><head><title>Andante ring</title></head><body>");
    out.append("<h1>Ring</h1><p>replication factor ").append(json.getInteger("replication_factor")).append("</p>");
    out.append("<table border=1 cellpadding=4><tr><th>member</th><th>host</th><th>roles</th><th>state</th>")
        .append("<th>tokens</th><th>ownership</th></tr>");
    for (Object o : json.getJsonArray("members")) {
      JsonObject m = (JsonObject) o;
      String id = m.getString("id");
      out.append("<tr><td>").append(escape(id)).append(id.equals(json.getString("self")) ? " (this)" : "")
          .append("</td><td>").append(escape(m.getString("host")))
          .append("</td><td>").append(escape(String.join(", ", m.getJsonArray("roles").stream().map(String::valueOf).toList())))
          .append("</td><td>").append(m.getString("state"))
          .append("</td><td>").append(m.getInteger("tokens"))
          .append("</td><td>").append(String.format(java.util.Locale.ROOT, "%.1f%%", 100 * m.getDouble("ownership")))
          .append("</td></tr>");
    }
    return out.append("</table></body></html>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
