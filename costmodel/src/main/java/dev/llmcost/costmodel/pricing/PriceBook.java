package dev.llmcost.costmodel.pricing;

import dev.llmcost.core.internal.Similarity;
import dev.llmcost.costmodel.internal.pricing.BundledPriceBookReader;
import java.util.ArrayList;
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
 * An immutable book of API prices, one dated and sourced {@link ModelPrice} per model, that bills
 * requests and workloads.
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
 * Bill bill = PriceBook.bundled().bill("gpt-4o", TokenUsage.openAi(12_000, 8_000, 400, 0));
 * System.out.println(bill.total());   // USD 0.024: 4,000 input, 8,000 cached, 400 output
 * }</pre>
 */
public final class PriceBook {

  private static final class Holder {
    static final PriceBook BUNDLED = BundledPriceBookReader.read();
  }

  private final String name;
  private final List<ModelPrice> prices;
  private final Map<String, ModelPrice> exact;
  private final Map<String, List<ModelPrice>> folded;

  private PriceBook(String name, List<ModelPrice> prices, boolean lenientAliases) {
    this.name = name;
    this.prices = List.copyOf(prices);
    Map<String, ModelPrice> byName = new HashMap<>();
    for (ModelPrice p : this.prices) {
      if (byName.put(p.id(), p) != null) {
        throw new IllegalArgumentException("price book \"" + name + "\" lists model \"" + p.id() + "\" twice");
      }
    }
    for (ModelPrice p : this.prices) {
      for (String alias : p.aliases()) {
        @Nullable ModelPrice other = byName.putIfAbsent(alias, p);
        if (other != null && other != p && !lenientAliases) {
          throw new IllegalArgumentException(
              "price book \"" + name + "\": alias \"" + alias + "\" of \"" + p.id()
                  + "\" is already a name of \"" + other.id() + "\"");
        }
      }
    }
    Map<String, List<ModelPrice>> fold = new HashMap<>();
    for (Map.Entry<String, ModelPrice> e : byName.entrySet()) {
      List<ModelPrice> list = fold.computeIfAbsent(fold(e.getKey()), k -> new ArrayList<>(1));
      if (!list.contains(e.getValue())) {
        list.add(e.getValue());
      }
    }
    this.exact = Map.copyOf(byName);
    Map<String, List<ModelPrice>> frozen = new HashMap<>();
    fold.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.folded = Map.copyOf(frozen);
  }

  /** Returns the book bundled with llmcost (see {@code prices.json} in this package's resources). */
  public static PriceBook bundled() {
    return Holder.BUNDLED;
  }

  /**
   * Returns a book of the given prices.
   *
   * @param name what the book is, for messages, such as {@code my negotiated prices}
   * @param prices one entry per model
   * @return the book
   * @throws IllegalArgumentException if two entries share an id, or an alias names two models
   */
  public static PriceBook of(String name, List<ModelPrice> prices) {
    return new PriceBook(name, prices, false);
  }

  /** Returns what the book is, such as {@code llmcost bundled prices}. */
  public String name() {
    return name;
  }

  /** Returns every entry, in book order. */
  public List<ModelPrice> prices() {
    return prices;
  }

  /** Returns every model id, in book order. */
  public List<String> models() {
    List<String> ids = new ArrayList<>(prices.size());
    for (ModelPrice p : prices) {
      ids.add(p.id());
    }
    return ids;
  }

  /**
   * Finds a model by id or alias: an exact match first, then one that differs only in case.
   *
   * @param model the id or alias, such as {@code gpt-4o} or {@code claude-sonnet-4-20250514}
   * @return the entry, or empty if the book does not list it (or the case-insensitive match is
   *     ambiguous)
   */
  public Optional<ModelPrice> find(String model) {
    @Nullable ModelPrice p = exact.get(model.strip());
    if (p != null) {
      return Optional.of(p);
    }
    List<ModelPrice> candidates = folded.getOrDefault(fold(model), List.of());
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }

  /**
   * Returns a model's entry by id or alias.
   *
   * @param model the id or alias
   * @return the entry
   * @throws IllegalArgumentException if the book does not list the model; the message names the
   *     closest ids it does list
   */
  public ModelPrice get(String model) {
    return find(model)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    Similarity.unknownMessage("model", model, models())
                        + " (price book: " + name + ")"));
  }

  /**
   * Returns this book with the entries of {@code other} laid over it: a model listed in both takes
   * the other book's prices, and the other book's entries come first.
   *
   * @param other newer or negotiated prices
   * @return the combined book
   */
  public PriceBook withPrices(PriceBook other) {
    Set<String> replaced = new HashSet<>();
    for (ModelPrice p : other.prices) {
      replaced.add(p.id());
    }
    List<ModelPrice> merged = new ArrayList<>(other.prices);
    for (ModelPrice p : prices) {
      if (!replaced.contains(p.id())) {
        merged.add(p);
      }
    }
    return new PriceBook(other.name + " over " + name, merged, true);
  }

  /**
   * Bills one request at standard prices.
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
   * Bills one request.
   *
   * @param model the id or alias
   * @param usage the tokens of the request
   * @param mode standard or batch
   * @return the itemised bill
   * @throws IllegalArgumentException if the model is unknown, the book has no batch prices for it
   *     and batch is asked for, or the book cannot price a kind of token the request has
   */
  public Bill bill(String model, TokenUsage usage, BillingMode mode) {
    return get(model).bill(usage, mode);
  }

  /**
   * Bills a day of requests.
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

  /** Returns how many models the book lists. */
  public int size() {
    return prices.size();
  }

  private static String fold(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    Map<String, Integer> byProvider = new LinkedHashMap<>();
    for (ModelPrice p : prices) {
      byProvider.merge(p.provider(), 1, Integer::sum);
    }
    return name + " (" + prices.size() + " models: " + byProvider + ")";
  }
}
