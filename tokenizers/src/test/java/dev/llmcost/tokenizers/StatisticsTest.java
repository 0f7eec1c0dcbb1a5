package dev.llmcost.tokenizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Character tokenizer, text statistics, comparison across tokenizers and the corpus report. */
class StatisticsTest {

  private final TokenizerRegistry registry = TokenizerRegistry.standard();

  @Test
  void characterTokenizerCountsCodePoints() {
    Tokenizer c = CharacterTokenizer.instance();
    assertThat(c.encode("你好,世界!").toArray()).containsExactly(0x4F60, 0x597D, ',', 0x4E16, 0x754C, '!');
    assertThat(c.countTokens("👍a").value()).isEqualTo(2);
    assertThat(c.encode("abcdef", EncodeOptions.DEFAULT.withLimit(4)).truncated()).isTrue();
    assertThat(c.vocabularySize()).isEqualTo(0x110000);
  }

  @Test
  void textStatisticsCountCharactersBytesWordsAndLines() {
    assertThat(TextStatistics.of("Hello, world!")).isEqualTo(new TextStatistics(13, 13, 2, 1));
    assertThat(TextStatistics.of("你好,世界!")).isEqualTo(new TextStatistics(6, 14, 2, 1));
    assertThat(TextStatistics.of("👍 ok\nyes\n")).isEqualTo(new TextStatistics(9, 12, 2, 2));
    assertThat(TextStatistics.of("")).isEqualTo(new TextStatistics(0, 0, 0, 0));
    assertThat(TextStatistics.utf8Length("é€😀")).isEqualTo("é€😀".getBytes(StandardCharsets.UTF_8).length);
    assertThatThrownBy(() -> new TextStatistics(-1, 0, 0, 0)).hasMessageContaining("characters");
  }

  @Test
  void comparisonCountsOneTextWithEachTokenizer() {
    List<Tokenizer> ts = List.of(registry.resolve("gpt-3"), registry.resolve("gpt-4"), registry.resolve("gpt-4o"),
        CharacterTokenizer.instance());
    TokenizerComparison c = TokenizerComparison.of("I love you", ts);
    assertThat(c.rows()).extracting(TokenizerComparison.Row::tokens).containsExactly(3L, 3L, 3L, 10L);
    assertThat(c.rows().get(3).tokensPerCharacter()).isEqualTo(1.0);
    assertThat(c.rows().get(0).tokensPerWord()).isEqualTo(1.0);
    assertThat(c.format()).contains("o200k_base");
    assertThatThrownBy(() -> TokenizerComparison.of("x", List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void corpusReportMatchesTheGoldenFile() throws IOException {
    List<Tokenizer> ts = List.of(registry.resolve("r50k_base"), registry.resolve("cl100k_base"),
        registry.resolve("o200k_base"), CharacterTokenizer.instance());
    String report = CorpusReport.of(Corpora.all(), ts).format();
    System.out.print(report);
    Path actual = Path.of("target", "corpus-report.txt");
    Files.createDirectories(actual.getParent());
    Files.writeString(actual, report);
    try (InputStream in = StatisticsTest.class.getResourceAsStream("corpus-report.golden.txt")) {
      assertThat(in).as("golden file (copy target/corpus-report.txt after review)").isNotNull();
      assertThat(report).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
