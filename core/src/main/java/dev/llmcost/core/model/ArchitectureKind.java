package dev.llmcost.core.model;

/** Whether a transformer generates text (decoder-only) or encodes it (encoder-only, like BERT). */
public enum ArchitectureKind {
  /** A causal language model with an output head over the vocabulary (GPT, Llama, Mistral ...). */
  DECODER_ONLY,
  /** A bidirectional encoder without a language-model head (BERT, RoBERTa). */
  ENCODER_ONLY
}
