package dev.llmcost.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM manages every published artifact (every module of the parent that does not skip install). */
class BomTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theBomListsEveryPublishedArtifact() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    List<String> published = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (module.find()) {
      String pom = Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml"));
      if (pom.contains("<maven.install.skip>true</maven.install.skip>") || pom.contains("<packaging>pom</packaging>")) {
        continue;
      }
      Matcher id = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
      assertThat(id.find()).as("artifactId of module %s", module.group(1)).isTrue();
      published.add(id.group(1));
    }
    System.out.println("published artifacts: " + published);
    assertThat(published).contains("llmcost-core", "llmcost-tokenizers", "llmcost-tokenizers-vocab", "llmcost-costmodel");
    for (String artifact : published) {
      assertThat(bom).as("bom/pom.xml manages %s; add it to its dependencyManagement", artifact)
          .contains("<artifactId>" + artifact + "</artifactId>");
    }
    assertThat(bom).contains("<url>https://github.com/llmcost/llmcost</url>");
  }
}
