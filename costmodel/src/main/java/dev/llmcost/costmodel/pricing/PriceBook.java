package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.internal.Similarity;
import dev.llmcost.costmodel.internal.pricing.BundledPriceBookReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable book of API prices, dated and sourced {@link ModelPrice} entries, that bills
 * requests and workloads.
 *
 * <p>A model may have several entries with the same id, one per stretch of time ({@link
 * ModelPrice#validFrom()} to {@link ModelPrice#validUntil()}): a price cut or a launch is a new
 * entry, so the book keeps its history. {@link #find(String)} gives a model's newest entry and
 * {@link #find(String, LocalDate)} the one in force on a day.
 *
 * <p>The {@linkplain #bundled() bundled book} holds list prices seen on the providers' pricing
 * pages (each entry says when and where), and the article's 2023 example of $0.002 per 1K tokens
 * ({@code gpt-3.5-turbo-2023}). A current book can be loaded from a LiteLLM {@code
 * model_prices_and_context_window.json} with {@link LiteLlmPrices} and laid over the bundled one
 * with {@link #withPrices(PriceBook)}.
 *
 * <p>Models are looked up by id or alias, exactly first, then ignoring case.
 *
 * <pre>{@code
 * Bill bill = PriceBook.bundled().bill("gpt-4o", TokenUsage.openAi().promptTokens(12_000).cachedTokens(8_000).completionTokens(400).build());
 * System.out.println(bill.total());   // USD 0.024: 4,000 input, 8,000 cached, 400 output
 * }</pre>
 */
public final class PriceBook {

  private static final class Holder {
    static final PriceBook BUNDLED = BundledPriceBookReader.read();
  }

  /** Orders the entries of one model oldest first; an entry of unknown start comes first. */
  private static final Comparator<ModelPrice> BY_START =
      Comparator.comparing(
          (ModelPrice p) -> p.validFrom().orElse(LocalDate.MIN));

  private final String name;
  private final List<ModelPrice> prices;
  private final List<String> ids;
  private final Map<String, List<ModelPrice>> exact;
  private final Map<String, List<List<ModelPrice>>> folded;

  private PriceBook(String name, List<ModelPrice> prices, boolean lenientAliases) {
    this.name = name;
    this.prices = List.copyOf(prices);
    Map<String, List<ModelPrice>> timelines = new LinkedHashMap<>();
    for (ModelPrice p : this.prices) {
      timelines.computeIfAbsent(p.id(), k -> new ArrayList<>(1)).add(p);
    }
    Map<String, List<ModelPrice>> byName = new HashMap<>();
    for (Map.Entry<String, List<ModelPrice>> e : timelines.entrySet()) {
      List<ModelPrice> line = e.getValue();
      line.sort(BY_START);
      for (int i = 1; i < line.size(); i++) {
        ModelPrice before = line.get(i - 1);
        ModelPrice after = line.get(i);
        LocalDate start = after.validFrom().orElse(null);
        LocalDate end = before.validUntil().orElse(null);
        if (start == null || end == null || end.isAfter(start)) {
          throw new IllegalArgumentException(
              "price book \"" + name + "\" lists model \"" + e.getKey() + "\" twice for the same"
                  + " days: entries must have validFrom and validUntil that do not overlap, were "
                  + interval(before) + " and " + interval(after));
        }
      }
      byName.put(e.getKey(), List.copyOf(line));
    }
    this.ids = List.copyOf(timelines.keySet());
    for (Map.Entry<String, List<ModelPrice>> e : timelines.entrySet()) {
      Map<String, List<ModelPrice>> aliasLines = new LinkedHashMap<>();
      for (ModelPrice p : e.getValue()) {
        for (String alias : p.aliases()) {
          aliasLines.computeIfAbsent(alias, k -> new ArrayList<>()).add(p);
        }
      }
      for (Map.Entry<String, List<ModelPrice>> a : aliasLines.entrySet()) {
        @Nullable List<ModelPrice> other = byName.putIfAbsent(a.getKey(), List.copyOf(a.getValue()));
        if (other != null && !other.get(0).id().equals(e.getKey()) && !lenientAliases) {
          throw new IllegalArgumentException(
              "price book \"" + name + "\": alias \"" + a.getKey() + "\" of \"" + e.getKey()
                  + "\" is already a name of \"" + other.get(0).id() + "\"");
        }
      }
    }
    Map<String, List<List<ModelPrice>>> fold = new HashMap<>();
    for (Map.Entry<String, List<ModelPrice>> e : byName.entrySet()) {
      List<List<ModelPrice>> list = fold.computeIfAbsent(fold(e.getKey()), k -> new ArrayList<>(1));
      if (list.stream().noneMatch(l -> l.get(0).id().equals(e.getValue().get(0).id()))) {
        list.add(e.getValue());
      }
    }
    this.exact = Map.copyOf(byName);
    Map<String, List<List<ModelPrice>>> frozen = new HashMap<>();
    fold.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.folded = Map.copyOf(frozen);
  }

  private static String interval(ModelPrice p) {
    return p.validFrom().map(LocalDate::toString).orElse("(unknown)") + ".."
        + p.validUntil().map(LocalDate::toString).orElse("");
  }

  /**
   * Returns the book bundled with llmcost: the hand-kept {@code prices.json} in this package's
   * resources (price history, the article's 2023 price) and the prices of a bundled open dataset
   * (see {@code FIXTURES.md} beside the resources for its version), with no network access.
   */
  public static PriceBook bundled() {
    return Holder.BUNDLED;
  }

  /**
   * Returns a book of the given prices.
   *
   * @param name what the book is, for messages, such as {@code my negotiated prices}
   * @param prices the entries; several entries of one model id must have intervals that do not
   *     overlap
   * @return the book
   * @throws IllegalArgumentException if two entries of one id overlap in time, or an alias names
   *     two models
   */
  public static PriceBook of(String name, List<ModelPrice> prices) {
    return new PriceBook(name, prices, false);
  }

  /** Returns what the book is, such as {@code llmcost bundled prices}. */
  public String name() {
    return name;
  }

  /** Returns every entry, history included, in book order. */
  public List<ModelPrice> all() {
    return prices;
  }

  /** Returns the newest entry of every model, in book order. */
  public List<ModelPrice> latest() {
    List<ModelPrice> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      List<ModelPrice> line = exact.get(id);
      out.add(line.get(line.size() - 1));
    }
    return out;
  }

  /** Returns every model id, once each, in book order. */
  public List<String> ids() {
    return ids;
  }

  /**
   * Returns every entry of a model, oldest first.
   *
   * @param model the id or alias
   * @return the entries (those that carry the alias, when looked up by one), or an empty list
   */
  public List<ModelPrice> history(String model) {
    return line(model).orElse(List.of());
  }

  private Optional<List<ModelPrice>> line(String model) {
    @Nullable List<ModelPrice> p = exact.get(model.strip());
    if (p != null) {
      return Optional.of(p);
    }
    List<List<ModelPrice>> candidates = folded.getOrDefault(fold(model), List.of());
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  /**
   * Finds a model's newest entry by id or alias: an exact match first, then one that differs only
   * in case.
   *
   * @param model the id or alias, such as {@code gpt-4o} or {@code claude-sonnet-4-20250514}
   * @return the newest entry, or empty if the book does not list it (or the case-insensitive match
   *     is ambiguous)
   */
  public Optional<ModelPrice> find(String model) {
    return line(model).map(l -> l.get(l.size() - 1));
  }

  /**
   * Finds the entry of a model in force on a day: the one whose interval holds {@code date}, or,
   * when the day is after every interval (the model was retired or its last entry has an end),
   * the newest one.
   *
   * @param model the id or alias
   * @param date the day the request was (or will be) billed
   * @return the entry, or empty if the book does not list the model or only lists prices that
   *     started after {@code date}
   */
  public Optional<ModelPrice> find(String model, LocalDate date) {
    Optional<List<ModelPrice>> line = line(model);
    if (line.isEmpty()) {
      return Optional.empty();
    }
    List<ModelPrice> l = line.get();
    for (int i = l.size() - 1; i >= 0; i--) {
      ModelPrice p = l.get(i);
      if (p.inForceOn(date)) {
        return Optional.of(p);
      }
      if (p.validFrom().map(f -> !date.isBefore(f)).orElse(true)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a model's newest entry by id or alias.
   *
   * @param model the id or alias
   * @return the entry
   * @throws IllegalArgumentException if the book does not list the model; the message names the
   *     closest ids it does list
   */
  public ModelPrice get(String model) {
    return find(model).orElseThrow(() -> unknown(model));
  }

  /**
   * Returns the entry of a model in force on a day.
   *
   * @param model the id or alias
   * @param date the day
   * @return the entry (see {@link #find(String, LocalDate)})
   * @throws IllegalArgumentException if the book does not list the model (the message names the
   *     closest ids), or lists no price for it as early as {@code date}
   */
  public ModelPrice get(String model, LocalDate date) {
    List<ModelPrice> l = line(model).orElseThrow(() -> unknown(model));
    return find(model, date)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "model \"" + model + "\" has no price on " + date + " in the price book; its"
                        + " first price is in force from " + l.get(0).validFrom().orElseThrow()
                        + " (price book: " + name + ")"));
  }

  /**
   * Returns the ids and aliases closest to an unknown model name.
   *
   * @param model the unknown name
   * @param limit how many at most
   * @return the closest names, best first
   */
  public List<String> closeMatches(String model, int limit) {
    return Similarity.closeMatches(model, new ArrayList<>(exact.keySet()), limit);
  }

  private IllegalArgumentException unknown(String model) {
    return new IllegalArgumentException(
        Similarity.unknownMessage("model", model, ids()) + " (price book: " + name + ")");
  }

  /**
   * Returns this book with the entries of {@code other} laid over it: a model listed in both takes
   * the other book's entries (its whole history), and the other book's entries come first.
   *
   * @param other newer or negotiated prices
   * @return the combined book
   */
  public PriceBook withPrices(PriceBook other) {
    Set<String> replaced = new HashSet<>(other.ids);
    List<ModelPrice> merged = new ArrayList<>(other.prices);
    for (ModelPrice p : prices) {
      if (!replaced.contains(p.id())) {
        merged.add(p);
      }
    }
    return new PriceBook(other.name + " over " + name, merged, true);
  }

  /**
   * Bills one request at the newest standard prices.
   *
   * @param model the id or alias
   * @param usage the tokens of the request
   * @return the itemised bill
   * @throws IllegalArgumentException if the model is unknown (the message lists close matches) or
   *     the book cannot price a kind of token the request has
   */
  public Bill bill(String model, TokenUsage usage) {
    return get(model).bill(usage);
  }

  /**
   * Bills one request at the newest prices.
   *
   * @param model the id or alias
   * @param usage the tokens of the request
   * @param mode standard, batch, flex or priority
   * @return the itemised bill
   * @throws IllegalArgumentException if the model is unknown, the book has no prices of that
   *     service for it, or the book cannot price a kind of token the request has
   */
  public Bill bill(String model, TokenUsage usage, BillingMode mode) {
    return get(model).bill(usage, mode);
  }

  /**
   * Bills one request at the prices in force on a day.
   *
   * @param model the id or alias
   * @param usage the tokens of the request
   * @param mode standard, batch, flex or priority
   * @param date the day of the request
   * @return the itemised bill
   * @throws IllegalArgumentException if the model is unknown or unpriced on that day, the book has
   *     no prices of that service for it, or the book cannot price a kind of token the request has
   */
  public Bill bill(String model, TokenUsage usage, BillingMode mode, LocalDate date) {
    return get(model, date).bill(usage, mode);
  }

  /**
   * Bills a day of requests at the newest prices.
   *
   * @param model the id or alias
   * @param workload the requests per day and their mix
   * @return the bill
   * @throws IllegalArgumentException if the model is unknown or the book cannot price a part of the
   *     mix
   */
  public WorkloadBill bill(String model, Workload workload) {
    return get(model).bill(workload);
  }

  /** Returns how many models the book lists (each once, however long its history). */
  public int size() {
    return ids.size();
  }

  private static String fold(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    Map<String, Integer> byProvider = new LinkedHashMap<>();
    for (ModelPrice p : latest()) {
      byProvider.merge(p.provider(), 1, Integer::sum);
    }
    return name + " (" + ids.size() + " models: " + byProvider + ")";
  }
}
