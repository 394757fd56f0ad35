package dev.andante.benchmarks.generator;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * One service of the demo shop: its resource as an OpenTelemetry SDK on Kubernetes would describe
 * it, and the instrumentation scope its spans come from.
 */
record Service(String name, String language, Resource resource, InstrumentationScope scope) {

  static Service create(String name, String language, String scopeName, String version, Random random) {
    String hash = Long.toHexString(random.nextLong() & 0xFFFFFFFFFL);
    hash = "0".repeat(Math.max(0, 8 - hash.length())) + hash; // a short draw is padded, not a crash
    String pod = name + "-" + hash.substring(0, 8)
        + "-" + Integer.toString(random.nextInt(36 * 36 * 36 * 36 * 36), 36);
    List<KeyValue> attrs = new ArrayList<>();
    attrs.add(kv("service.name", name));
    attrs.add(kv("service.namespace", "opentelemetry-demo"));
    attrs.add(kv("service.version", version));
    attrs.add(kv("service.instance.id", new UUID(random.nextLong(), random.nextLong()).toString()));
    attrs.add(kv("telemetry.sdk.language", language));
    attrs.add(kv("telemetry.sdk.name", "opentelemetry"));
    attrs.add(kv("telemetry.sdk.version", "1.45.0"));
    attrs.add(kv("host.name", pod));
    attrs.add(kv("host.arch", "amd64"));
    attrs.add(kv("os.type", "linux"));
    attrs.add(kv("k8s.namespace.name", "otel-demo"));
    attrs.add(kv("k8s.deployment.name", name));
    attrs.add(kv("k8s.pod.name", pod));
    attrs.add(kv("k8s.pod.uid", new UUID(random.nextLong(), random.nextLong()).toString()));
    attrs.add(kv("k8s.node.name", "ip-10-0-" + random.nextInt(8) + "-" + random.nextInt(255) + ".ec2.internal"));
    attrs.add(kv("k8s.cluster.name", "prod-eu-west-1"));
    attrs.add(kv("container.id", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())));
    attrs.add(kv("cloud.provider", "aws"));
    attrs.add(kv("cloud.region", "eu-west-1"));
    Resource resource = Resource.newBuilder().addAllAttributes(attrs).build();
    InstrumentationScope scope = InstrumentationScope.newBuilder().setName(scopeName).setVersion("2.10.0").build();
    return new Service(name, language, resource, scope);
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  static KeyValue kv(String key, boolean value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
  }

  static KeyValue kv(String key, double value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
  }
}
