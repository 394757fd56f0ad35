package dev.andante.deploy.e2e;

/** The OTLP/JSON span of the README's curl example, with hex IDs as OTLP/JSON requires. */
final class ReadmeExample {
  private ReadmeExample() {}

  static String span(String traceIdHex) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"readme"}}]},
          "scopeSpans":[{"scope":{"name":"curl"},"spans":[{"traceId":"%s","spanId":"6e0c63257de34c92",
          "name":"hello","kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
          "attributes":[{"key":"http.route","value":{"stringValue":"/hello"}}]}]}]}]}
        """
        .formatted(traceIdHex, now, now + 1_000_000);
  }
}
