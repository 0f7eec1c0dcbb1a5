package dev.llmcost.costmodel.internal.serving;

import java.util.Arrays;

/**
 * The simulated requests as parallel arrays: their load (arrival, prompt, output, prefix) and what
 * the engines record for them (first token, finish, preemptions).
 */
public final class Requests {
  /** Arrival at the engine, seconds. */
  public double[] arrival;
  /** Arrival at the service (before any KV transfer), seconds. */
  public double[] origin;
  /** Prompt tokens. */
  public int[] prompt;
  /** Output tokens, at least 1. */
  public int[] output;
  /** Shared-prefix id, −1 for none. */
  public int[] prefixId;
  /** Tokens of the shared prefix. */
  public int[] prefixTokens;
  /** Time the first token was produced, NaN before. */
  public double[] firstToken;
  /** Time the last token was produced, NaN before. */
  public double[] finish;
  /** Tokens generated so far. */
  public int[] generated;
  /** Time of the last token before a preemption. */
  public double[] lastToken;
  /** Times preempted. */
  public int[] preemptions;
  /** Whether the prompt's KV cache arrives with the request (a disaggregated decode pool). */
  public boolean[] preloaded;
  /** Whether an engine refused the request (it can never fit the KV cache). */
  public boolean[] rejected;
  /** Prompt tokens found in the prefix cache at first admission. */
  public int[] cachedTokens;
  /** Requests held. */
  public int size;

  /**
   * Creates an empty table.
   *
   * @param capacity initial capacity
   */
  public Requests(int capacity) {
    int n = Math.max(16, capacity);
    arrival = new double[n];
    origin = new double[n];
    prompt = new int[n];
    output = new int[n];
    prefixId = new int[n];
    prefixTokens = new int[n];
    firstToken = new double[n];
    finish = new double[n];
    generated = new int[n];
    lastToken = new double[n];
    preemptions = new int[n];
    preloaded = new boolean[n];
    rejected = new boolean[n];
    cachedTokens = new int[n];
  }

  /**
   * Adds a request.
   *
   * @param time arrival, seconds
   * @param in prompt tokens
   * @param out output tokens
   * @param prefix shared-prefix id or −1
   * @param prefixLength tokens of the shared prefix
   * @return its index
   */
  public int add(double time, int in, int out, int prefix, int prefixLength) {
    if (size == arrival.length) {
      int n = size * 2;
      arrival = Arrays.copyOf(arrival, n);
      origin = Arrays.copyOf(origin, n);
      prompt = Arrays.copyOf(prompt, n);
      output = Arrays.copyOf(output, n);
      prefixId = Arrays.copyOf(prefixId, n);
      prefixTokens = Arrays.copyOf(prefixTokens, n);
      firstToken = Arrays.copyOf(firstToken, n);
      finish = Arrays.copyOf(finish, n);
      generated = Arrays.copyOf(generated, n);
      lastToken = Arrays.copyOf(lastToken, n);
      preemptions = Arrays.copyOf(preemptions, n);
      preloaded = Arrays.copyOf(preloaded, n);
      rejected = Arrays.copyOf(rejected, n);
      cachedTokens = Arrays.copyOf(cachedTokens, n);
    }
    int i = size++;
    arrival[i] = time;
    origin[i] = time;
    prompt[i] = in;
    output[i] = out;
    prefixId[i] = prefix;
    prefixTokens[i] = prefixLength;
    firstToken[i] = Double.NaN;
    finish[i] = Double.NaN;
    return i;
  }
}
