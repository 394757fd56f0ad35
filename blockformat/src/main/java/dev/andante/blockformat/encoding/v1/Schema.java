package dev.andante.blockformat.encoding.v1;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of a v1 block: one row per trace, rows sorted by trace ID.
 *
 * <p>Span and event times are stored as offsets (span start from the trace's start, event time from
 * its span's start) so that delta encoding packs them into few bits; all arithmetic wraps, so every
 * nanosecond value survives exactly. Common attributes have their own columns when their value has
 * the expected type; all others are a key/typed-value list ({@code attrs}) whose value sits in the
 * column of its type, arrays, key/value lists and anything else as a serialized {@code AnyValue} in
 * {@code any}. Reading puts the dedicated-column attributes first, so attribute order may change.
 *
 * <p>The field-index constants below must match the schema text; {@link #verify} checks them at
 * class initialisation.
 */
final class Schema {
  static final String ATTRS_GROUP =
      """
          repeated group %s {
            required binary key (STRING);
            optional binary str (STRING);
            optional int64 int;
            optional double dbl;
            optional boolean bool;
            optional binary bytes;
            optional binary any;
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
              optional binary k8s_cluster_name (STRING);
              optional binary k8s_namespace_name (STRING);
              optional binary k8s_pod_name (STRING);
              optional binary k8s_container_name (STRING);
              %1$s
              required int32 dropped_attributes_count;
              repeated binary entity_refs;
              optional binary schema_url (STRING);
              repeated group scope_spans {
                optional binary scope_name (STRING);
                optional binary scope_version (STRING);
                %2$s
                required int32 scope_dropped_attributes_count;
                optional binary schema_url (STRING);
                repeated group spans {
                  optional binary span_id;
                  optional binary parent_span_id;
                  optional binary name (STRING);
                  required int32 kind;
                  required int64 start_offset_nano;
                  required int64 duration_nano;
                  required int32 status_code;
                  optional binary status_message (STRING);
                  optional binary trace_state (STRING);
                  required int32 flags;
                  optional binary http_request_method (STRING);
                  optional binary http_route (STRING);
                  optional int64 http_response_status_code;
                  optional binary db_system (STRING);
                  %1$s
                  required int32 dropped_attributes_count;
                  repeated group events {
                    required int64 offset_nano;
                    optional binary name (STRING);
                    %1$s
                    required int32 dropped_attributes_count;
                  }
                  required int32 dropped_events_count;
                  repeated group links {
                    optional binary trace_id;
                    optional binary span_id;
                    optional binary trace_state (STRING);
                    required int32 flags;
                    %1$s
                    required int32 dropped_attributes_count;
                  }
                  required int32 dropped_links_count;
                }
              }
            }
          }
          """
              .formatted(ATTRS_GROUP.formatted("attrs"), ATTRS_GROUP.formatted("scope_attrs")));

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
  static final int RS_K8S_CLUSTER = 1;
  static final int RS_K8S_NAMESPACE = 2;
  static final int RS_K8S_POD = 3;
  static final int RS_K8S_CONTAINER = 4;
  static final int RS_ATTRS = 5;
  static final int RS_DROPPED = 6;
  static final int RS_ENTITY_REFS = 7;
  static final int RS_SCHEMA_URL = 8;
  static final int RS_SCOPE_SPANS = 9;

  // scope_spans.
  static final int SS_NAME = 0;
  static final int SS_VERSION = 1;
  static final int SS_ATTRS = 2;
  static final int SS_DROPPED = 3;
  static final int SS_SCHEMA_URL = 4;
  static final int SS_SPANS = 5;

  // spans.
  static final int SP_SPAN_ID = 0;
  static final int SP_PARENT = 1;
  static final int SP_NAME = 2;
  static final int SP_KIND = 3;
  static final int SP_START = 4;
  static final int SP_DURATION = 5;
  static final int SP_STATUS_CODE = 6;
  static final int SP_STATUS_MESSAGE = 7;
  static final int SP_TRACE_STATE = 8;
  static final int SP_FLAGS = 9;
  static final int SP_HTTP_METHOD = 10;
  static final int SP_HTTP_ROUTE = 11;
  static final int SP_HTTP_STATUS = 12;
  static final int SP_DB_SYSTEM = 13;
  static final int SP_ATTRS = 14;
  static final int SP_DROPPED_ATTRS = 15;
  static final int SP_EVENTS = 16;
  static final int SP_DROPPED_EVENTS = 17;
  static final int SP_LINKS = 18;
  static final int SP_DROPPED_LINKS = 19;

  // events.
  static final int EV_OFFSET = 0;
  static final int EV_NAME = 1;
  static final int EV_ATTRS = 2;
  static final int EV_DROPPED = 3;

  // links.
  static final int LK_TRACE_ID = 0;
  static final int LK_SPAN_ID = 1;
  static final int LK_TRACE_STATE = 2;
  static final int LK_FLAGS = 3;
  static final int LK_ATTRS = 4;
  static final int LK_DROPPED = 5;

  // attrs.
  static final int A_KEY = 0;
  static final int A_STR = 1;
  static final int A_INT = 2;
  static final int A_DBL = 3;
  static final int A_BOOL = 4;
  static final int A_BYTES = 5;
  static final int A_ANY = 6;

  // Attributes with their own columns, and the value type they must have to go there.
  static final String SERVICE_NAME = "service.name";
  static final String K8S_CLUSTER = "k8s.cluster.name";
  static final String K8S_NAMESPACE = "k8s.namespace.name";
  static final String K8S_POD = "k8s.pod.name";
  static final String K8S_CONTAINER = "k8s.container.name";
  static final String HTTP_METHOD = "http.request.method";
  static final String HTTP_ROUTE = "http.route";
  static final String HTTP_STATUS = "http.response.status_code";
  static final String DB_SYSTEM = "db.system";

  /** Columns written without a dictionary: times and IDs, nearly all distinct. */
  static final String[] NO_DICTIONARY = {
    "trace_id",
    "start_time_unix_nano",
    "end_time_unix_nano",
    "duration_nano",
    "resource_spans.scope_spans.spans.span_id",
    "resource_spans.scope_spans.spans.parent_span_id",
    "resource_spans.scope_spans.spans.start_offset_nano",
    "resource_spans.scope_spans.spans.duration_nano",
    "resource_spans.scope_spans.spans.events.offset_nano",
    "resource_spans.scope_spans.spans.links.trace_id",
    "resource_spans.scope_spans.spans.links.span_id",
  };

  static {
    verify();
  }

  private Schema() {}

  private static void verify() {
    GroupType rs = MESSAGE.getType(R_RESOURCE_SPANS).asGroupType();
    GroupType ss = rs.getType(RS_SCOPE_SPANS).asGroupType();
    GroupType sp = ss.getType(SS_SPANS).asGroupType();
    GroupType ev = sp.getType(SP_EVENTS).asGroupType();
    GroupType lk = sp.getType(SP_LINKS).asGroupType();
    check(MESSAGE, R_TRACE_ID, "trace_id");
    check(MESSAGE, R_ROOT_SPAN, "root_span_name");
    check(MESSAGE, R_RESOURCE_SPANS, "resource_spans");
    check(rs, RS_ATTRS, "attrs");
    check(rs, RS_DROPPED, "dropped_attributes_count");
    check(rs, RS_ENTITY_REFS, "entity_refs");
    check(rs, RS_SCHEMA_URL, "schema_url");
    check(rs, RS_SCOPE_SPANS, "scope_spans");
    check(ss, SS_ATTRS, "scope_attrs");
    check(ss, SS_SCHEMA_URL, "schema_url");
    check(ss, SS_SPANS, "spans");
    check(sp, SP_FLAGS, "flags");
    check(sp, SP_DB_SYSTEM, "db_system");
    check(sp, SP_ATTRS, "attrs");
    check(sp, SP_EVENTS, "events");
    check(sp, SP_LINKS, "links");
    check(sp, SP_DROPPED_LINKS, "dropped_links_count");
    check(ev, EV_DROPPED, "dropped_attributes_count");
    check(lk, LK_ATTRS, "attrs");
    check(lk, LK_DROPPED, "dropped_attributes_count");
    check(sp.getType(SP_ATTRS).asGroupType(), A_ANY, "any");
  }

  private static void check(GroupType group, int index, String name) {
    if (!group.getType(index).getName().equals(name)) {
      throw new IllegalStateException(
          "Schema field " + index + " of " + group.getName() + " is " + group.getType(index).getName() + ", not " + name);
    }
  }
}
