package dev.andante.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvExpanderTest {
  private final EnvExpander env = EnvExpander.of(Map.of("BUCKET", "traces", "EMPTY", "", "PRICE", "$5"));

  @Test
  void replacesVariables() {
    assertThat(env.expand("bucket: ${BUCKET}\nother: ${BUCKET}-x")).isEqualTo("bucket: traces\nother: traces-x");
  }

  @Test
  void usesTheDefaultOnlyWhenUnset() {
    assertThat(env.expand("${MISSING:-fallback} ${BUCKET:-fallback} ${EMPTY:-fallback} ${MISSING:-}"))
        .isEqualTo("fallback traces  ");
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    assertThat(env.expand("secret: a$$b $X")).isEqualTo("secret: a$b $X");
  }

  @Test
  void valuesAreNotExpandedAgain() {
    assertThat(env.expand("${PRICE}")).isEqualTo("$5");
  }

  @Test
  void missingVariableWithoutDefaultIsNamed() {
    assertThatThrownBy(() -> env.expand("a: 1\nkey: ${S3_SECRET}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment variable 'S3_SECRET' is not set and has no default (line 2");
  }
}
