package dev.andante.deploy.cluster;

/** Event-bus addresses of one member's ingester: its ID makes them reach that member only. */
final class IngesterAddresses {
  static final String TENANT = "tenant";
  static final String TRACE_ID = "trace-id";
  /** Failure code of a push the ingester refused as a whole (back-pressure); the message is JSON. */
  static final int REFUSED = 429;
  /** Failure code of a push or lookup that failed. */
  static final int FAILED = 500;

  private IngesterAddresses() {}

  static String push(String memberId) {
    return "andante.ingester." + memberId + ".push";
  }

  static String find(String memberId) {
    return "andante.ingester." + memberId + ".find";
  }
}
