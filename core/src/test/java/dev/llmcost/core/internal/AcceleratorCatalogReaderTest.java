package dev.llmcost.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.core.hardware.AcceleratorSpec;
import dev.llmcost.core.hardware.Architecture;
import dev.llmcost.core.hardware.ComputeCapability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog reader takes a sourced host link and rejects a bad one, naming the field and the value. */
class AcceleratorCatalogReaderTest {

  /** The architecture fields every entry carries unless a test gives its own. */
  private static final String ARCHITECTURE =
      ", \"architecture\": \"hopper\", \"compute_capability\": \"9.0\", \"architecture_source\": \"whitepaper\"";

  private static String entry(String hostFields, String architectureFields) {
    return "{\"accelerators\": [{\"id\": \"x1\", \"name\": \"X1\", \"vendor\": \"V\", \"dense_tflops\": {\"bf16\": 100},"
        + " \"memory_gib\": 80, \"memory_bandwidth_gbps\": 2000, \"scale_up_domain\": 8, \"source\": \"s\""
        + hostFields + architectureFields + "}]}";
  }

  private static AcceleratorSpec read(String hostFields) {
    return readArchitecture(hostFields, ARCHITECTURE);
  }

  private static AcceleratorSpec readArchitecture(String hostFields, String architectureFields) {
    return AcceleratorCatalogReader.read(Json.read(entry(hostFields, architectureFields))).get("x1");
  }

  @Test
  void readsTheHostLinkItsRateAndTheHostMemoryCap() {
    AcceleratorSpec a = read(", \"host_link\": \"NVLink-C2C\", \"host_link_gbps\": 900, \"host_memory_gbps\": 255.56,"
        + " \"host_link_source\": \"datasheet\"");
    assertThat(a.hostLink()).isEqualTo("NVLink-C2C");
    assertThat(a.hostLinkBandwidth().toGBps()).isEqualTo(900.0);
    assertThat(a.hostMemoryBandwidth().toGBps()).isEqualTo(255.56);
    assertThat(a.source()).endsWith("; host link: datasheet");
    AcceleratorSpec none = read("");
    assertThat(none.hostLink()).isEmpty();
    assertThat(none.hostLinkBandwidth().bytesPerSecond()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ", \"host_link\": \"PCIe Gen5 x8\", \"host_link_gbps\": 64, \"host_link_source\": \"s\""
          + " | field \"host_link\" must be one of [NVLink-C2C, PCIe Gen3 x16, PCIe Gen4 x16, PCIe Gen5 x16, PCIe Gen6 x16], was \"PCIe Gen5 x8\"",
      ", \"host_link\": \"PCIe Gen5 x16\", \"host_link_gbps\": 64, \"host_link_source\": \"s\""
          + " | field \"host_link_gbps\" must be 128.0 for PCIe Gen5 x16 (both directions), was 64.0",
      ", \"host_link\": \"PCIe Gen4 x16\", \"host_link_source\": \"s\""
          + " | field \"host_link_gbps\" is missing beside host_link \"PCIe Gen4 x16\"",
      ", \"host_link\": \"PCIe Gen4 x16\", \"host_link_gbps\": 64"
          + " | field \"host_link_source\" is missing beside host_link \"PCIe Gen4 x16\"",
      ", \"host_link_gbps\": 64 | field \"host_link_gbps\" needs a \"host_link\", which is missing",
      ", \"host_link\": \"PCIe Gen4 x16\", \"host_link_gbps\": 64, \"host_link_source\": \"s\", \"host_memory_gbps\": -1"
          + " | field \"host_memory_gbps\" must be > 0, was -1.0",
      ", \"host_link\": \"PCIe Gen4 x16\", \"host_link_gbps\": \"fast\", \"host_link_source\": \"s\""
          + " | field \"host_link_gbps\" must be a number, was",
  })
  void rejectsABadHostLinkNamingTheFieldAndTheValue(String hostFields, String message) {
    assertThatThrownBy(() -> read(hostFields)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void readsTheArchitectureAndTheComputeCapabilityOfAnNvidiaPartAndTheArchitectureAloneOfAnother() {
    AcceleratorSpec h = read("");
    assertThat(h.architecture()).contains(Architecture.HOPPER);
    assertThat(h.computeCapability()).contains(new ComputeCapability(9, 0));
    assertThat(h.source()).contains("; architecture: whitepaper");
    AcceleratorSpec amd = readArchitecture("", ", \"architecture\": \"CDNA3\", \"architecture_source\": \"datasheet\"");
    assertThat(amd.architecture()).contains(Architecture.CDNA3);
    assertThat(amd.computeCapability()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      " | field \"architecture\" is missing; every accelerator declares its silicon generation",
      ", \"architecture\": \"pascal\", \"architecture_source\": \"s\""
          + " | field \"architecture\" must be one of [volta, turing, ampere, ada, hopper, blackwell, cdna2, cdna3,"
          + " cdna4, gaudi2, gaudi3, tpu-v4, tpu-v5e, tpu-v5p, tpu-v6e], was \"pascal\"",
      ", \"architecture\": \"hopper\", \"compute_capability\": \"9.0\""
          + " | field \"architecture_source\" is missing beside architecture \"hopper\"",
      ", \"architecture\": \"hopper\", \"architecture_source\": \"s\""
          + " | field \"compute_capability\" is missing beside NVIDIA architecture \"hopper\"",
      ", \"architecture\": \"hopper\", \"compute_capability\": \"10.0\", \"architecture_source\": \"s\""
          + " | field \"compute_capability\" must be one of architecture \"hopper\"'s versions, was \"10.0\"",
      ", \"architecture\": \"cdna3\", \"compute_capability\": \"9.4\", \"architecture_source\": \"s\""
          + " | field \"compute_capability\" is NVIDIA's, architecture \"cdna3\" has none; was \"9.4\"",
      ", \"architecture\": \"blackwell\", \"compute_capability\": \"ten\", \"architecture_source\": \"s\""
          + " | field \"compute_capability\" must be major.minor such as \"9.0\", was \"ten\"",
  })
  void rejectsAMissingOrBadArchitectureNamingTheFieldAndTheValue(String architectureFields, String message) {
    assertThatThrownBy(() -> readArchitecture("", architectureFields == null ? "" : architectureFields))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accelerators.json entry \"x1\" " + message.strip());
  }

  // s12l: the cost models read a copy's rows as the original's only if the JSON copy loads to the same specification
  @Test
  void theH100EntrySavedUnderAnIdOfItsOwnLoadsToTheH100sSpecificationUnderThatId() throws Exception {
    JsonNode bundled;
    try (java.io.InputStream in = getClass().getResourceAsStream("/dev/llmcost/core/catalog/accelerators.json")) {
      bundled = Json.read(in);
    }
    com.fasterxml.jackson.databind.node.ObjectNode entry = null;
    for (JsonNode n : bundled.get("accelerators")) {
      if (n.get("id").asText().equals("h100-sxm")) {
        entry = ((com.fasterxml.jackson.databind.node.ObjectNode) n).deepCopy();
      }
    }
    assertThat(entry).isNotNull();
    entry.put("id", "my-h100");
    entry.remove("aliases");
    com.fasterxml.jackson.databind.node.ObjectNode file = Json.mapper().createObjectNode();
    file.putArray("accelerators").add(entry);
    AcceleratorSpec mine = AcceleratorCatalogReader.read(Json.read(file.toString())).get("my-h100");
    AcceleratorSpec h100 = dev.llmcost.core.hardware.AcceleratorCatalog.bundled().get("h100-sxm");
    assertThat(mine.id()).isEqualTo("my-h100");
    assertThat(mine).isNotEqualTo(h100);
    assertThat(mine.toBuilder().id("h100-sxm").build()).isEqualTo(h100);
  }
}
