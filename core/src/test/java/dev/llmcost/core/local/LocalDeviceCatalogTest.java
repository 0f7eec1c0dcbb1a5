package dev.llmcost.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalDeviceCatalogTest {
  @Test
  void everyDeviceHasSourcedPositiveFigures() {
    LocalDeviceCatalog c = LocalDeviceCatalog.bundled();
    assertThat(c.all()).hasSizeGreaterThan(30);
    for (LocalDevice d : c.all()) {
      assertThat(d.source()).as(d.id()).hasSizeGreaterThan(30);
      assertThat(d.memoryBandwidth().toGBps()).as(d.id()).isPositive();
      if (d.kind() == LocalDeviceKind.DISCRETE_GPU) {
        assertThat(d.hostLink().toGBps()).as(d.id()).isPositive();
      }
    }
  }

  @Test
  void coversTheIssuesDevices() {
    for (String id : new String[] {"rtx-3060", "rtx-3090", "rtx-4090", "rtx-5090", "rtx-4090-laptop", "rx-7900-xtx",
        "m1", "m1-ultra", "m2-max", "m3-max", "m4-max", "ryzen-9-7950x", "epyc-9654"}) {
      assertThat(LocalDeviceCatalog.bundled().find(id)).as(id).isPresent();
    }
    assertThat(LocalDeviceCatalog.bundled().get("4090").id()).isEqualTo("rtx-4090");
  }

  @Test
  void cpuBandwidthIsChannelsTimesSpeedTimesEightBytes() {
    // EPYC 9654: 12 channels of DDR5-4800.
    assertThat(LocalDeviceCatalog.bundled().get("epyc-9654").memoryBandwidth().toGBps()).isEqualTo(12 * 4800 * 8 / 1000.0);
    assertThat(LocalDeviceCatalog.bundled().get("ryzen-9-7950x").memoryBandwidth().toGBps()).isEqualTo(83.2);
    assertThat(LocalDeviceCatalog.bundled().get("m2-ultra").memoryBandwidth().toGBps()).isEqualTo(800);
  }

  // A laptop part runs the desktop architecture at lower clocks: its tensor rate never exceeds the
  // desktop part of the same name, and dense FP16 (FP32 accumulate) is a quarter of dense INT8 on
  // Ada as on the desktop cards (the laptop rows were entered at twice their FP16 rate before).
  @Test
  void laptopGpusRunTheDesktopRatioBelowTheDesktopPeak() {
    LocalDeviceCatalog c = LocalDeviceCatalog.bundled();
    int checked = 0;
    for (LocalDevice laptop : c.all()) {
      if (!laptop.id().endsWith("-laptop")) {
        continue;
      }
      LocalDevice desktop = c.get(laptop.id().substring(0, laptop.id().length() - "-laptop".length()));
      assertThat(laptop.fp16().flopsPerSecond()).as(laptop.id()).isLessThan(desktop.fp16().flopsPerSecond());
      assertThat(laptop.int8().flopsPerSecond() / laptop.fp16().flopsPerSecond()).as(laptop.id())
          .isCloseTo(desktop.int8().flopsPerSecond() / desktop.fp16().flopsPerSecond(),
              org.assertj.core.data.Offset.offset(0.02));
      checked++;
    }
    assertThat(checked).isEqualTo(4);
  }
}
