package dev.llmcost.core.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmcost.core.model.MixtureOfExperts;
import dev.llmcost.core.model.ModelArchitecture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GgufFileTest {
  @TempDir Path dir;

  static ModelArchitecture llama() {
    return ModelArchitecture.builder("tiny-llama")
        .modelType("llama").layers(4).hidden(256).heads(8).kvHeads(2).intermediateSize(512)
        .vocabSize(1000).positions(dev.llmcost.core.model.PositionEncoding.ROTARY, 2048).build();
  }

  static ModelArchitecture moe() {
    return ModelArchitecture.builder("tiny-moe")
        .modelType("qwen3_moe").layers(3).hidden(256).heads(4).kvHeads(2).headDim(64)
        .intermediateSize(512).vocabSize(512).tiedEmbeddings(true)
        .qkNorm(dev.llmcost.core.model.QkNorm.PER_HEAD)
        .moe(MixtureOfExperts.of(8, 2, 256).toBuilder().sharedIntermediateSize(256).sharedExpertGate(true).build()).build();
  }

  /** Writes a layout's tensors with the metadata llama.cpp's converter would write. */
  static GgufWriter writer(ModelArchitecture a, GgufLayout l, int version, ByteOrder order) {
    String arch = l.context().architecture();
    GgufWriter w = GgufWriter.create(version, order)
        .putString("general.architecture", arch)
        .putString("general.name", a.id())
        .putUint32(arch + ".block_count", a.layers())
        .putUint32(arch + ".embedding_length", a.hidden())
        .putUint32(arch + ".feed_forward_length", a.feedForward().intermediateSize())
        .putUint32(arch + ".attention.head_count", a.heads())
        .putUint32(arch + ".attention.head_count_kv", l.context().kvHeads())
        .putUint32(arch + ".attention.key_length",
            ((dev.llmcost.core.model.MultiHeadAttention) a.attention()).headDim())
        .putUint32(arch + ".context_length", a.embeddings().maxPositions())
        .putFloat32(arch + ".rope.freq_base", 500000.0)
        .put("general.file_type", GgufValueType.UINT32, 15)
        .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, List.of("<s>", "</s>", "héllo"))
        .putArray("tokenizer.ggml.scores", GgufValueType.FLOAT32, List.of(0.0, -1.5, -2.25))
        .putArray("tokenizer.ggml.token_type", GgufValueType.INT32, List.of(3, 3, 1));
    if (a.isMoe()) {
      w.putUint32(arch + ".expert_count", a.moe().routedExperts())
          .putUint32(arch + ".expert_used_count", a.moe().expertsPerToken())
          .putUint32(arch + ".expert_feed_forward_length", a.moe().expertIntermediateSize());
    }
    for (GgufTensorInfo t : l.tensors()) {
      w.tensor(t.name(), t.type(), t.dims());
    }
    return w;
  }

  @ParameterizedTest
  @CsvSource({"2,LITTLE_ENDIAN", "3,LITTLE_ENDIAN", "3,BIG_ENDIAN"})
  void readsWhatTheWriterWritesExactly(int version, String order) {
    ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    for (ModelArchitecture a : List.of(llama(), moe())) {
      GgufLayout l = GgufLayout.of(a, GgufModels.ggufArchitecture(a.modelType())).quantize(QuantMix.Q4_K_M, false);
      GgufWriter w = writer(a, l, version, bo);
      Path p = w.write(dir.resolve(a.id() + "-" + version + order + ".gguf"));
      GgufFile f = GgufFile.read(p);
      assertThat(f.version()).isEqualTo(version);
      assertThat(f.byteOrder()).isEqualTo(bo);
      assertThat(f.fileSize()).isEqualTo(w.fileSize());
      assertThat(f.tensors()).hasSize(l.tensors().size());
      assertThat(f.tensorBytes()).isEqualTo(l.tensorBytes());
      assertThat(f.parameters()).isEqualTo(a.parameterCounts().total().value());
      assertThat(f.array("tokenizer.ggml.tokens").orElseThrow().strings()).containsExactly("<s>", "</s>", "héllo");
      assertThat(f.array("tokenizer.ggml.scores").orElseThrow().doubleAt(2)).isEqualTo(-2.25);
      assertThat(f.array("tokenizer.ggml.token_type").orElseThrow().longAt(0)).isEqualTo(3);
      assertThat(f.number(l.context().architecture() + ".rope.freq_base").orElseThrow()).isEqualTo(500000.0);
      ModelArchitecture back = GgufModels.architecture(f);
      assertThat(back.parameterCounts().total()).isEqualTo(a.parameterCounts().total());
      assertThat(back.parameterCounts().active()).isEqualTo(a.parameterCounts().active());
      assertThat(back.kvCacheElementsPerToken()).isEqualTo(a.kvCacheElementsPerToken());
      assertThat(GgufLayout.of(f).bytesByType()).isEqualTo(l.bytesByType());
      // Re-quantizing the file's own tensors with its mix reproduces the types.
      assertThat(GgufLayout.of(f).quantize(QuantMix.Q4_K_M, false).tensorBytes()).isEqualTo(l.tensorBytes());
    }
  }

  @Test
  void everyGgmlTypeHasItsExactBytes() {
    GgufWriter w = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN).putString("general.architecture", "llama");
    long expected = 0;
    for (GgmlType t : GgmlType.values()) {
      w.tensor("t." + t.name(), t, 512, 3);
      expected += 512L / t.blockSize() * t.typeSize() * 3;
    }
    GgufFile f = GgufFile.read(w.write(dir.resolve("types.gguf")));
    assertThat(f.tensors()).hasSize(GgmlType.values().length);
    for (GgmlType t : GgmlType.values()) {
      GgufTensorInfo info = f.tensor("t." + t.name()).orElseThrow();
      assertThat(info.type()).isEqualTo(t);
      assertThat(info.bytes()).isEqualTo((long) (512 * 3 * t.bitsPerWeight() / 8));
    }
    assertThat(f.tensorBytes()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "F32,32", "F16,16", "BF16,16", "Q4_0,4.5", "Q4_1,5", "Q5_0,5.5", "Q5_1,6", "Q8_0,8.5",
    "Q2_K,2.625", "Q3_K,3.4375", "Q4_K,4.5", "Q5_K,5.5", "Q6_K,6.5625", "Q8_K,9.125",
    "IQ1_S,1.5625", "IQ1_M,1.75", "IQ2_XXS,2.0625", "IQ2_XS,2.3125", "IQ2_S,2.5625",
    "IQ3_XXS,3.0625", "IQ3_S,3.4375", "IQ4_NL,4.5", "IQ4_XS,4.25", "TQ1_0,1.6875", "TQ2_0,2.0625",
    "MXFP4,4.25"})
  void bitsPerWeightFollowTheBlockLayouts(String type, double bits) {
    assertThat(GgmlType.ofName(type).orElseThrow().bitsPerWeight()).isEqualTo(bits);
  }

  @Test
  void q4KmGivesHalfTheAttnVAndFfnDownSixBits() {
    GgufLayout l = GgufLayout.of(dev.llmcost.core.model.ModelCatalog.bundled().get("llama-3.1-8b"), "llama")
        .quantize(QuantMix.Q4_K_M, false);
    long q6 = l.tensors().stream().filter(t -> t.type() == GgmlType.Q6_K).count();
    // 16 of 32 attn_v, 16 of 32 ffn_down, and the output head.
    assertThat(q6).isEqualTo(33);
    assertThat(l.tensors().stream().filter(t -> t.name().equals("token_embd.weight")).findFirst().orElseThrow().type())
        .isEqualTo(GgmlType.Q4_K);
  }

  // ---- hostile files ----

  private Path bytes(String name, ByteBuffer b) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, java.util.Arrays.copyOf(b.array(), Math.max(b.position(), 512)));
    return p;
  }

  private static ByteBuffer header(long version, long tensors, long kvs) {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'G', 'G', 'U', 'F'}).putInt((int) version).putLong(tensors).putLong(kvs);
    return b;
  }

  @Test
  void badMagicIsAClearError() throws IOException {
    ByteBuffer b = header(3, 0, 0);
    b.put(0, (byte) 'X');
    assertThatThrownBy(() -> GgufFile.read(bytes("magic.gguf", b)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("magic").hasMessageContaining("not a GGUF file");
  }

  @Test
  void version1AndUnknownVersionsAreRefused() throws IOException {
    assertThatThrownBy(() -> GgufFile.read(bytes("v1.gguf", header(1, 0, 0))))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("version at byte 4 is 1");
    assertThatThrownBy(() -> GgufFile.read(bytes("v9.gguf", header(9, 0, 0))))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("is 9");
  }

  @Test
  void absurdCountsFailBeforeAllocating() throws IOException {
    assertThatThrownBy(() -> GgufFile.read(bytes("tensors.gguf", header(3, Long.MAX_VALUE, 0))))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("tensor_count");
    assertThatThrownBy(() -> GgufFile.read(bytes("kv.gguf", header(3, 0, -1L))))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("metadata_kv_count");
    ByteBuffer arr = header(3, 0, 1);
    arr.putLong(3).put("big".getBytes()).putInt(GgufValueType.ARRAY.id()).putInt(GgufValueType.UINT64.id())
        .putLong(1L << 40);
    assertThatThrownBy(() -> GgufFile.read(bytes("array.gguf", arr)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("element count");
  }

  @Test
  void stringLengthPastTheFileEndIsAnError() throws IOException {
    ByteBuffer b = header(3, 0, 1);
    b.putLong(1L << 50).put("k".getBytes());
    assertThatThrownBy(() -> GgufFile.read(bytes("string.gguf", b)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("length");
  }

  @Test
  void deeplyNestedArraysAreRefused() throws IOException {
    ByteBuffer b = header(3, 0, 1);
    b.putLong(1).put("n".getBytes()).putInt(GgufValueType.ARRAY.id());
    for (int i = 0; i < 50; i++) {
      b.putInt(GgufValueType.ARRAY.id()).putLong(1);
    }
    b.putInt(GgufValueType.UINT8.id()).putLong(0);
    assertThatThrownBy(() -> GgufFile.read(bytes("nested.gguf", b)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("deeper than");
  }

  @Test
  void tensorOffsetsOutOfRangeAndTruncatedFilesAreErrors() throws IOException {
    GgufWriter w = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN).putString("general.architecture", "llama")
        .tensor("a.weight", GgmlType.Q4_K, 256, 64);
    Path p = w.write(dir.resolve("ok.gguf"));
    assertThat(GgufFile.read(p).tensors()).hasSize(1);
    byte[] all = Files.readAllBytes(p);
    Path truncated = dir.resolve("truncated.gguf");
    Files.write(truncated, java.util.Arrays.copyOf(all, all.length - 100));
    assertThatThrownBy(() -> GgufFile.read(truncated))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("out of range or file truncated");
    // Header cut in the middle of the tensor infos.
    Path cut = dir.resolve("cut.gguf");
    Files.write(cut, java.util.Arrays.copyOf(all, w.header().length - 5));
    assertThatThrownBy(() -> GgufFile.read(cut)).isInstanceOf(GgufFormatException.class);
    // Offset pointing far outside the data.
    byte[] moved = all.clone();
    ByteBuffer.wrap(moved).order(ByteOrder.LITTLE_ENDIAN).putLong(w.header().length - 8, 1L << 40);
    Path far = dir.resolve("far.gguf");
    Files.write(far, moved);
    assertThatThrownBy(() -> GgufFile.read(far))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("a.weight");
  }

  @Test
  void unknownTypesAndBadDimensionsAreErrors() throws IOException {
    ByteBuffer b = header(3, 1, 0);
    b.putLong(1).put("t".getBytes()).putInt(2).putLong(32).putLong(2).putInt(4).putLong(0);
    assertThatThrownBy(() -> GgufFile.read(bytes("type.gguf", b)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("ggml type id 4");
    ByteBuffer d = header(3, 1, 0);
    d.putLong(1).put("t".getBytes()).putInt(9);
    assertThatThrownBy(() -> GgufFile.read(bytes("dims.gguf", d)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("n_dimensions");
    ByteBuffer r = header(3, 1, 0);
    r.putLong(1).put("t".getBytes()).putInt(1).putLong(33).putInt(GgmlType.Q4_0.id()).putLong(0);
    assertThatThrownBy(() -> GgufFile.read(bytes("row.gguf", r)))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("multiple of 32");
  }

  @Test
  void headerLimitBoundsMemory() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      many.add("token-" + i);
    }
    Path p = GgufWriter.create(3, ByteOrder.LITTLE_ENDIAN).putArray("tokenizer.ggml.tokens", GgufValueType.STRING, many)
        .write(dir.resolve("vocab.gguf"));
    assertThat(GgufFile.read(p).array("tokenizer.ggml.tokens").orElseThrow().length()).isEqualTo(20_000);
    assertThatThrownBy(() -> GgufFile.read(p, 10_000))
        .isInstanceOf(GgufFormatException.class).hasMessageContaining("header limit");
  }

  @Test
  void emptyAndNonGgufFilesAreErrors() throws IOException {
    Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
    assertThatThrownBy(() -> GgufFile.read(empty)).isInstanceOf(GgufFormatException.class).hasMessageContaining("0 bytes");
    Path json = Files.writeString(dir.resolve("config.gguf"), "{\"hidden_size\": 4096, \"padding\": \"xxxxxxxxxxxxxxxxxxxx\"}");
    assertThatThrownBy(() -> GgufFile.read(json)).isInstanceOf(GgufFormatException.class).hasMessageContaining("magic");
  }
}
