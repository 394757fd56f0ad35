package dev.andante.blockformat.encoding.v1;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of a v1 block: one row per trace, rows sorted by trace ID.
 *
 * <p>Span times are stored as offsets from the trace's start so that delta encoding packs them
 * into few bits; all arithmetic wraps, so every nanosecond value survives exactly. Hot, searchable
 * fields have their own columns: service and span names, kind, status, times, and common attributes
 * when their value has the expected type. Other attributes with a string, int, double or bool value
 * are a key/typed-value list ({@code attrs}). Everything else that OTLP can carry and that is rarely
 * set or searched (events, links, trace state, dropped counts, entity refs, schema URLs, scope
 * attributes, attribute values that are bytes, arrays or key/value lists) is kept, per resource,
 * scope and span, as one serialized protobuf message of the same type holding only those fields
 * ({@code extra}), merged back on reading. Keeping the leaf columns few keeps the footer and the
 * page indexes small and makes both writing and point lookups cheaper. Reading puts the
 * dedicated-column attributes first, so attribute order may change.
 *
 * <p>The field-index constants below must match the schema text; {@link #verify} checks them at
 * class initialisation.
 */
final class Schema {
  static final String ATTRS_GROUP =
      """
          repeated group attrs {
            required binary key (STRING);
            optional binary str (STRING);
            optional int64 int;
            optional double dbl;
            optional boolean bool;
          }
      """;

  static final MessageType MESSAGE =
      MessageTypeParser.parseMessageType(
          """
          message andante_trace_v1 {
            required fixed_len_byte_array(16) trace_id;
            required int64 start_time_unix_nano;
            required int64 end_time_unix_nano;
            required int64 duration_nano;
            optional binary root_service_name (STRING);
            optional binary root_span_name (STRING);
            repeated group resource_spans {
              optional binary service_name (STRING);
              optional binary k8s_namespace_name (STRING);
              optional binary k8s_pod_name (STRING);
              %1$s
              optional binary extra;
              repeated group scope_spans {
                optional binary scope_name (STRING);
                optional binary scope_version (STRING);
                optional binary extra;
                repeated group spans {
                  optional binary span_id;
                  optional binary parent_span_id;
                  optional binary name (STRING);
                  required int32 kind;
                  required int64 start_offset_nano;
                  required int64 duration_nano;
                  required int32 status_code;
                  optional binary status_message (STRING);
                  required int32 flags;
                  optional binary http_request_method (STRING);
                  optional binary http_route (STRING);
                  optional int64 http_response_status_code;
                  optional binary db_system (STRING);
                  %1$s
                  optional binary extra;
                }
              }
            }
          }
          """
              .formatted(ATTRS_GROUP));

  static final String TRACE_ID = "trace_id";

  // Row.
  static final int R_TRACE_ID = 0;
  static final int R_START = 1;
  static final int R_END = 2;
  static final int R_DURATION = 3;
  static final int R_ROOT_SERVICE = 4;
  static final int R_ROOT_SPAN = 5;
  static final int R_RESOURCE_SPANS = 6;

  // resource_spans.
  static final int RS_SERVICE_NAME = 0;
  static final int RS_K8S_NAMESPACE = 1;
  static final int RS_K8S_POD = 2;
  static final int RS_ATTRS = 3;
  static final int RS_EXTRA = 4;
  static final int RS_SCOPE_SPANS = 5;

  // scope_spans.
  static final int SS_NAME = 0;
  static final int SS_VERSION = 1;
  static final int SS_EXTRA = 2;
  static final int SS_SPANS = 3;

  // spans.
  static final int SP_SPAN_ID = 0;
  static final int SP_PARENT = 1;
  static final int SP_NAME = 2;
  static final int SP_KIND = 3;
  static final int SP_START = 4;
  static final int SP_DURATION = 5;
  static final int SP_STATUS_CODE = 6;
  static final int SP_STATUS_MESSAGE = 7;
  static final int SP_FLAGS = 8;
  static final int SP_HTTP_METHOD = 9;
  static final int SP_HTTP_ROUTE = 10;
  static final int SP_HTTP_STATUS = 11;
  static final int SP_DB_SYSTEM = 12;
  static final int SP_ATTRS = 13;
  static final int SP_EXTRA = 14;

  // attrs.
  static final int A_KEY = 0;
  static final int A_STR = 1;
  static final int A_INT = 2;
  static final int A_DBL = 3;
  static final int A_BOOL = 4;

  // Attributes with their own columns, and the value type they must have to go there.
  static final String SERVICE_NAME = "service.name";
  static final String K8S_NAMESPACE = "k8s.namespace.name";
  static final String K8S_POD = "k8s.pod.name";
  static final String HTTP_METHOD = "http.request.method";
  static final String HTTP_ROUTE = "http.route";
  static final String HTTP_STATUS = "http.response.status_code";
  static final String DB_SYSTEM = "db.system";

  static final String SPANS = "resource_spans.scope_spans.spans.";

  /** Columns written without a dictionary: times, IDs and serialized extras, nearly all distinct. */
  static final String[] NO_DICTIONARY = {
    "trace_id",
    "start_time_unix_nano",
    "end_time_unix_nano",
    "duration_nano",
    "resource_spans.extra",
    "resource_spans.scope_spans.extra",
    SPANS + "span_id",
    SPANS + "parent_span_id",
    SPANS + "start_offset_nano",
    SPANS + "duration_nano",
    SPANS + "extra",
  };

  static {
    verify();
  }

  private Schema() {}

  private static void verify() {
    GroupType rs = MESSAGE.getType(R_RESOURCE_SPANS).asGroupType();
    GroupType ss = rs.getType(RS_SCOPE_SPANS).asGroupType();
    GroupType sp = ss.getType(SS_SPANS).asGroupType();
    check(MESSAGE, R_TRACE_ID, "trace_id");
    check(MESSAGE, R_ROOT_SPAN, "root_span_name");
    check(MESSAGE, R_RESOURCE_SPANS, "resource_spans");
    check(rs, RS_K8S_POD, "k8s_pod_name");
    check(rs, RS_ATTRS, "attrs");
    check(rs, RS_EXTRA, "extra");
    check(rs, RS_SCOPE_SPANS, "scope_spans");
    check(ss, SS_EXTRA, "extra");
    check(ss, SS_SPANS, "spans");
    check(sp, SP_FLAGS, "flags");
    check(sp, SP_DB_SYSTEM, "db_system");
    check(sp, SP_ATTRS, "attrs");
    check(sp, SP_EXTRA, "extra");
    check(sp.getType(SP_ATTRS).asGroupType(), A_BOOL, "bool");
  }

  private static void check(GroupType group, int index, String name) {
    if (!group.getType(index).getName().equals(name)) {
      throw new IllegalStateException(
          "Schema field " + index + " of " + group.getName() + " is " + group.getType(index).getName() + ", not " + name);
    }
  }
}
