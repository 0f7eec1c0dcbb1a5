package dev.llmcost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingFormatArgumentException;
import java.util.UnknownFormatConversionException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Test;

/**
 * Every option description of every command formats as picocli formats it ({@code String.format}): a bare {@code %}
 * in a description (as {@code --pp-layout}'s "i%pp" was) makes {@code --help} print a "[picocli WARN] Could not
 * format" line instead of the text.
 */
class HelpTextFormatTest {

  @Test
  void everyOptionDescriptionFormats() {
    List<String> broken = new ArrayList<>();
    List<CommandLine> commands = new ArrayList<>();
    commands.add(Main.commandLine(new String[0]));
    for (int i = 0; i < commands.size(); i++) {
      CommandLine c = commands.get(i);
      commands.addAll(c.getSubcommands().values());
      for (OptionSpec o : c.getCommandSpec().options()) {
        for (String line : o.description()) {
          try {
            String.format(Locale.ROOT, line);
          } catch (MissingFormatArgumentException | UnknownFormatConversionException e) {
            broken.add(c.getCommandName() + " " + o.longestName() + ": " + e.getMessage());
          }
        }
      }
    }
    assertThat(commands).hasSizeGreaterThan(10);
    assertThat(broken).isEmpty();
  }
}
