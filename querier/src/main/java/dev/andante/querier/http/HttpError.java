package dev.andante.querier.http;

/** A request the querier refuses, with the HTTP status and a text/plain message saying why. */
final class HttpError extends RuntimeException {
  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
