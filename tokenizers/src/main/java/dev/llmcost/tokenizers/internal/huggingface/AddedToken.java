package dev.llmcost.tokenizers.internal.huggingface;

/**
 * A token of {@code added_tokens}: matched in the text before the model runs.
 *
 * @param id its id
 * @param content its text
 * @param singleWord match only where it is not inside a word
 * @param lstrip swallow the white space on its left
 * @param rstrip swallow the white space on its right
 * @param normalized match in normalized text (else in the original)
 * @param special a special token (BOS, EOS, [CLS], chat markers): subject to the caller's policy
 */
record AddedToken(
    int id,
    String content,
    boolean singleWord,
    boolean lstrip,
    boolean rstrip,
    boolean normalized,
    boolean special) {}
