package dev.andante.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README's curl example: the OTLP/JSON body it posts and the answer it shows. */
final class ReadmeExample {
  private static final Pattern BODY = Pattern.compile("-H 'Content-Type: application/json' -d '(\\{.*?\\})'\\n", Pattern.DOTALL);
  private static final Pattern TRACE_ID = Pattern.compile("curl -sS http://localhost:3200/api/traces/([0-9a-f]+)");
  private static final Pattern ANSWER = Pattern.compile("```json\\n(\\{\"batches\".*?)\\n```", Pattern.DOTALL);

  private final String readme;

  ReadmeExample() {
    try {
      readme = Files.readString(Path.of("..", "README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String body() {
    return find(BODY, "the posted body");
  }

  String traceId() {
    return find(TRACE_ID, "the fetched trace ID");
  }

  String answer() {
    return find(ANSWER, "the shown answer");
  }

  private String find(Pattern p, String what) {
    Matcher m = p.matcher(readme);
    if (!m.find()) {
      throw new AssertionError("README.md no longer has " + what + " of the curl example");
    }
    return m.group(1);
  }
}
