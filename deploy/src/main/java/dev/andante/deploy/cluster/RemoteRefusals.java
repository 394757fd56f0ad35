package dev.andante.deploy.cluster;

import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.Refusal;
import dev.andante.ingester.limits.RefusalReason;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** Refusals as JSON on the event bus, so a remote ingester's limits reach the client unchanged. */
final class RemoteRefusals {
  private RemoteRefusals() {}

  static JsonObject encode(Refusal refusal) {
    return new JsonObject()
        .put("reason", refusal.reason().name())
        .put("spans", refusal.spans())
        .put("message", refusal.message());
  }

  static Refusal refusal(JsonObject json) {
    return new Refusal(RefusalReason.valueOf(json.getString("reason")), json.getInteger("spans"), json.getString("message"));
  }

  static JsonObject encode(PushRefusedException e) {
    return new JsonObject()
        .put("reason", e.reason().name())
        .put("spans", e.spans())
        .put("retryAfterMillis", e.retryAfter().toMillis())
        .put("message", String.valueOf(e.getMessage()));
  }

  static PushRefusedException refused(JsonObject json) {
    return new PushRefusedException(
        RefusalReason.valueOf(json.getString("reason")),
        json.getInteger("spans"),
        Duration.ofMillis(json.getLong("retryAfterMillis")),
        json.getString("message"));
  }
}
