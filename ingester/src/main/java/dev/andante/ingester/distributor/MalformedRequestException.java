package dev.andante.ingester.distributor;

/** An export request's bytes are not a valid protobuf ExportTraceServiceRequest. */
public final class MalformedRequestException extends RuntimeException {
  public MalformedRequestException(String message) {
    super(message);
  }
}
