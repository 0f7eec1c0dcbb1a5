package dev.llmcost.tokenizers.openai;

import dev.llmcost.tokenizers.ChatOverhead;
import dev.llmcost.tokenizers.ToolOverhead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which encoding an OpenAI model uses, by exact name or by prefix as tiktoken's {@code
 * encoding_for_model} resolves it, and how many tokens its chat format and tool definitions add.
 *
 * <p>The names and prefixes are those of tiktoken's {@code model.py} ({@code MODEL_TO_ENCODING}
 * and {@code MODEL_PREFIX_TO_ENCODING}, tiktoken 0.14.0, commit 212b893 "Fail open for GPT-5
 * model tokenisers"): the prefix {@code gpt-5} (any GPT-5 name: {@code gpt-5.1}, {@code
 * gpt-5-mini}, ...), {@code gpt-4.1-}, {@code gpt-4.5-}, {@code o1-}, {@code o3-}, {@code
 * o4-mini-}, and {@code gpt-oss-} for o200k_harmony. An exact name wins; then the first prefix
 * that matches, in tiktoken's order. Names are matched ignoring case and surrounding blanks
 * (tiktoken's are case-sensitive). Besides tiktoken's names, {@code gpt-3} (the 175B GPT-3 of the
 * papers, served as {@code davinci}), {@code gpt-4.5}, {@code gpt-oss-20b} and {@code
 * gpt-oss-120b} are listed as exact names (the last two tiktoken resolves by prefix).
 */
public final class OpenAiModels {
  private OpenAiModels() {}

  private static final Map<String, OpenAiEncoding> EXACT = new LinkedHashMap<>();
  private static final Map<String, OpenAiEncoding> PREFIX = new LinkedHashMap<>();

  static {
    OpenAiEncoding o200k = OpenAiEncoding.O200K_BASE;
    OpenAiEncoding cl100k = OpenAiEncoding.CL100K_BASE;
    OpenAiEncoding p50k = OpenAiEncoding.P50K_BASE;
    OpenAiEncoding r50k = OpenAiEncoding.R50K_BASE;
    // chat and reasoning models
    for (String m : List.of("gpt-5", "gpt-4.5", "gpt-4.1", "gpt-4o", "o1", "o3", "o4-mini")) {
      EXACT.put(m, o200k);
    }
    for (String m : List.of("gpt-4", "gpt-3.5-turbo", "gpt-3.5", "gpt-35-turbo")) {
      EXACT.put(m, cl100k);
    }
    // base and embedding models
    for (String m : List.of("davinci-002", "babbage-002", "text-embedding-ada-002",
        "text-embedding-3-small", "text-embedding-3-large")) {
      EXACT.put(m, cl100k);
    }
    // legacy completion, code and edit models
    for (String m : List.of("text-davinci-003", "text-davinci-002", "code-davinci-002", "code-davinci-001",
        "code-cushman-002", "code-cushman-001", "davinci-codex", "cushman-codex")) {
      EXACT.put(m, p50k);
    }
    EXACT.put("text-davinci-edit-001", OpenAiEncoding.P50K_EDIT);
    EXACT.put("code-davinci-edit-001", OpenAiEncoding.P50K_EDIT);
    for (String m : List.of("text-davinci-001", "text-curie-001", "text-babbage-001", "text-ada-001",
        "davinci", "curie", "babbage", "ada", "gpt-3", "gpt2", "gpt-2")) {
      EXACT.put(m, r50k);
    }
    for (String size : List.of("davinci", "curie", "babbage", "ada")) {
      EXACT.put("text-similarity-" + size + "-001", r50k);
      EXACT.put("text-search-" + size + "-doc-001", r50k);
    }
    EXACT.put("code-search-babbage-code-001", r50k);
    EXACT.put("code-search-ada-code-001", r50k);
    // open-weight models (tiktoken resolves them by the prefix gpt-oss-; listed so that they are known ids)
    EXACT.put("gpt-oss-20b", OpenAiEncoding.O200K_HARMONY);
    EXACT.put("gpt-oss-120b", OpenAiEncoding.O200K_HARMONY);
    // MODEL_PREFIX_TO_ENCODING in tiktoken's order (the first prefix that matches wins)
    PREFIX.put("o1-", o200k);
    PREFIX.put("o3-", o200k);
    PREFIX.put("o4-mini-", o200k);
    PREFIX.put("gpt-5", o200k);
    PREFIX.put("gpt-4.5-", o200k);
    PREFIX.put("gpt-4.1-", o200k);
    PREFIX.put("chatgpt-4o-", o200k);
    PREFIX.put("gpt-4o-", o200k);
    PREFIX.put("gpt-4-", cl100k);
    PREFIX.put("gpt-3.5-turbo-", cl100k);
    PREFIX.put("gpt-35-turbo-", cl100k);
    PREFIX.put("gpt-oss-", OpenAiEncoding.O200K_HARMONY);
    PREFIX.put("ft:gpt-4o", o200k);
    PREFIX.put("ft:gpt-4", cl100k);
    PREFIX.put("ft:gpt-3.5-turbo", cl100k);
    PREFIX.put("ft:davinci-002", cl100k);
    PREFIX.put("ft:babbage-002", cl100k);
  }

  /**
   * Returns the encoding of an OpenAI model.
   *
   * @param model such as {@code gpt-4o}, {@code gpt-4o-2024-08-06} or {@code text-davinci-003}
   * @return the encoding, or empty for a name tiktoken does not know
   */
  public static Optional<OpenAiEncoding> encodingFor(String model) {
    String m = normalize(model);
    OpenAiEncoding e = EXACT.get(m);
    if (e != null) {
      return Optional.of(e);
    }
    for (Map.Entry<String, OpenAiEncoding> p : PREFIX.entrySet()) {
      if (m.startsWith(p.getKey())) {
        return Optional.of(p.getValue());
      }
    }
    return Optional.empty();
  }

  /** Returns the exact model names known (prefix matches such as dated versions come on top). */
  public static List<String> knownModels() {
    return List.copyOf(new ArrayList<>(EXACT.keySet()));
  }

  /**
   * Returns the chat format overhead of a chat model, dated: gpt-3.5-turbo-0301 frames each
   * message with 4 tokens and drops the role when a name is given; the later chat models with 3
   * and 1 (see {@link ChatOverhead}); gpt-oss uses the harmony format ({@link
   * ChatOverhead#harmony()}).
   *
   * @param model a chat model name
   * @return the overhead, or empty for a model without a chat format (completion, embedding)
   */
  public static Optional<ChatOverhead> chatOverhead(String model) {
    String m = normalize(model);
    Optional<OpenAiEncoding> e = encodingFor(m);
    if (e.isEmpty() || !isChat(m)) {
      return Optional.empty();
    }
    if (e.get() == OpenAiEncoding.O200K_HARMONY) {
      return Optional.of(ChatOverhead.harmony());
    }
    if (m.equals("gpt-3.5-turbo-0301") || m.equals("gpt-35-turbo-0301")) {
      return Optional.of(ChatOverhead.builder()
          .tokensPerMessage(4)
          .tokensPerName(-1)
          .replyPriming(3)
          .published(true)
          .basis("OpenAI cookbook 'How to count tokens with tiktoken': gpt-3.5-turbo-0301")
          .build());
    }
    boolean published = isPublished(m);
    return Optional.of(ChatOverhead.builder()
        .tokensPerMessage(3)
        .tokensPerName(1)
        .replyPriming(3)
        .published(published)
        .basis(published
            ? "OpenAI cookbook 'How to count tokens with tiktoken': gpt-3.5-turbo-0613/0125, gpt-4-0314/0613, gpt-4o, gpt-4o-mini"
            : "assumed as for gpt-4o: OpenAI publishes no chat overhead for " + m)
        .build());
  }

  /**
   * Returns the prompt tokens that function definitions (the {@code tools} array) add for an
   * OpenAI API chat model, by the rules of OpenAI's cookbook (see {@link ToolOverhead}): the
   * constants published for gpt-3.5-turbo and gpt-4 on the cl100k_base chat models, those for
   * gpt-4o and gpt-4o-mini on the o200k_base ones (an assumption beyond the GPT-4o family, which
   * {@link ToolOverhead#published()} says).
   *
   * @param model a chat model name
   * @return the overhead, or empty for a model without a chat format, and for gpt-oss, whose
   *     harmony format renders tools as a TypeScript namespace in the developer message instead
   */
  public static Optional<ToolOverhead> toolOverhead(String model) {
    String m = normalize(model);
    Optional<OpenAiEncoding> e = encodingFor(m);
    if (e.isEmpty() || !isChat(m) || e.get() == OpenAiEncoding.O200K_HARMONY) {
      return Optional.empty();
    }
    String source = "OpenAI cookbook 'How to count tokens with tiktoken', num_tokens_for_tools: ";
    ToolOverhead.Builder b = ToolOverhead.builder()
        .propertiesInit(3)
        .propertyKey(3)
        .enumInit(-3)
        .enumItem(3)
        .functionsEnd(12)
        .published(isPublished(m));
    if (e.get() == OpenAiEncoding.CL100K_BASE) {
      return Optional.of(b.functionInit(10)
          .basis(isPublished(m) ? source + "gpt-3.5-turbo, gpt-4" : "assumed as for gpt-4: OpenAI publishes none for " + m)
          .build());
    }
    return Optional.of(b.functionInit(7)
        .basis(isPublished(m) ? source + "gpt-4o, gpt-4o-mini" : "assumed as for gpt-4o: OpenAI publishes none for " + m)
        .build());
  }

  /** Whether the cookbook published the chat and tool constants for the model's family. */
  private static boolean isPublished(String m) {
    return m.startsWith("gpt-3.5") || m.startsWith("gpt-35") || m.startsWith("gpt-4o")
        || (m.startsWith("gpt-4") && !m.startsWith("gpt-4.")) || m.startsWith("ft:gpt-4")
        || m.startsWith("ft:gpt-3.5");
  }

  private static boolean isChat(String m) {
    return m.startsWith("gpt-3.5") || m.startsWith("gpt-35") || m.startsWith("gpt-4") || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-") || m.startsWith("ft:gpt-") || m.startsWith("gpt-oss-") || m.matches("o\\d.*");
  }

  private static String normalize(String model) {
    return model.trim().toLowerCase(Locale.ROOT);
  }
}
