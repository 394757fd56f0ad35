package dev.andante.ingester.otlp;

import java.util.Locale;
import java.util.Optional;

/** The two OTLP/HTTP body encodings. */
public enum OtlpFormat {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String contentType;

  OtlpFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The format of a {@code Content-Type} header (parameters such as charset ignored), or empty. */
  public static Optional<OtlpFormat> ofContentType(String header) {
    if (header == null) {
      return Optional.empty();
    }
    int semicolon = header.indexOf(';');
    String mediaType = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    for (OtlpFormat format : values()) {
      if (format.contentType.equals(mediaType)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
