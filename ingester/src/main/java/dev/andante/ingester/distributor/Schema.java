package dev.andante.ingester.distributor;

/**
 * The length-delimited fields of the OTLP trace messages below a span's resource and scope that
 * the protobuf parser checks: which hold UTF-8 strings and which hold messages (checked in turn).
 * Other fields (bytes, numbers, fields this build does not know) are skipped, as the parser keeps
 * them unchecked.
 */
enum Schema {
  /** Not a message: a UTF-8 string field. */
  STRING,
  RESOURCE,
  ENTITY_REF,
  SCOPE,
  KEY_VALUE,
  ANY_VALUE,
  ARRAY_VALUE,
  KEY_VALUE_LIST,
  SPAN,
  EVENT,
  LINK,
  STATUS;

  /** What field {@code field} of this message holds when length-delimited; null when unchecked. */
  Schema child(int field) {
    return switch (this) {
      case RESOURCE -> field == 1 ? KEY_VALUE : field == 3 ? ENTITY_REF : null;
      case ENTITY_REF -> field >= 1 && field <= 4 ? STRING : null;
      case SCOPE -> field == 1 || field == 2 ? STRING : field == 3 ? KEY_VALUE : null;
      case KEY_VALUE -> field == 1 ? STRING : field == 2 ? ANY_VALUE : null;
      case ANY_VALUE -> switch (field) {
        case 1 -> STRING;
        case 5 -> ARRAY_VALUE;
        case 6 -> KEY_VALUE_LIST;
        default -> null;
      };
      case ARRAY_VALUE -> field == 1 ? ANY_VALUE : null;
      case KEY_VALUE_LIST -> field == 1 ? KEY_VALUE : null;
      case SPAN -> switch (field) {
        case 3, 5 -> STRING;
        case 9 -> KEY_VALUE;
        case 11 -> EVENT;
        case 13 -> LINK;
        case 15 -> STATUS;
        default -> null;
      };
      case EVENT -> field == 2 ? STRING : field == 3 ? KEY_VALUE : null;
      case LINK -> field == 3 ? STRING : field == 4 ? KEY_VALUE : null;
      case STATUS -> field == 2 ? STRING : null;
      case STRING -> null;
    };
  }
}
