package dev.andante.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table names exactly the keys the loader reads. */
class ReadmeConfigTableTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9_.]+)` \\|");

  @Test
  void readmeDocumentsEveryKey() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Set<String> documented = new TreeSet<>();
    Matcher m = ROW.matcher(readme);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> accepted = new TreeSet<>();
    leaves("", new YAMLMapper().readTree(ConfigLoaderTest.EVERY_KEY), accepted);

    assertThat(documented).isEqualTo(accepted);
  }

  private static void leaves(String prefix, JsonNode node, Set<String> out) {
    if (!node.isObject() || prefix.equals("overrides.defaults")) {
      out.add(prefix);
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      leaves(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
    }
  }
}
