package dev.llmcost.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void tokenCountsAddSubtractAndMultiplyExactly() {
    TokenCount a = TokenCount.of(500);
    assertThat(a.plus(TokenCount.of(1000))).isEqualTo(TokenCount.of(1500));
    assertThat(a.times(3)).isEqualTo(TokenCount.of(1500));
    assertThat(TokenCount.of(1500).minus(a)).isEqualTo(TokenCount.of(1000));
    assertThat(TokenCount.ofBillions(300).value()).isEqualTo(300_000_000_000L);
    assertThat(TokenCount.of(1)).hasToString("1 token");
    assertThat(TokenCount.ZERO.isZero()).isTrue();
  }

  @Test
  void tokenCountsRejectNegativesAndOverflow() {
    assertThatThrownBy(() -> TokenCount.of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokens must be >= 0, was -1");
    assertThatThrownBy(() -> TokenCount.of(1).minus(TokenCount.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot subtract 2 tokens from 1");
    assertThatThrownBy(() -> TokenCount.of(Long.MAX_VALUE).plus(TokenCount.of(1)))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> TokenCount.of(Long.MAX_VALUE / 2 + 1).times(2))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> TokenCount.of(1).times(-2))
        .hasMessage("factor must be >= 0, was -2");
  }

  @Test
  void parameterCountsPrintTheRoundedFormPeopleQuote() {
    assertThat(ParameterCount.of(109_482_240).toHumanString()).isEqualTo("109M");
    assertThat(ParameterCount.of(6_738_415_616L).toHumanString()).isEqualTo("6.74B");
    assertThat(ParameterCount.of(405_853_388_800L).toHumanString()).isEqualTo("406B");
    assertThat(ParameterCount.of(46_702_792_704L).toHumanString()).isEqualTo("46.7B");
    assertThat(ParameterCount.of(999_999).toHumanString()).isEqualTo("1.00M");
    assertThat(ParameterCount.of(950).toHumanString()).isEqualTo("950");
    assertThat(ParameterCount.of(1_200_000_000_000L).toHumanString()).isEqualTo("1.20T");
  }

  @Test
  void weightMemoryIsParametersTimesBytesRoundedUpForSubByteTypes() {
    ParameterCount p = ParameterCount.of(8_030_261_248L);
    assertThat(p.memory(DType.FP32).bytes()).isEqualTo(32_121_044_992L);
    assertThat(p.memory(DType.BF16).bytes()).isEqualTo(16_060_522_496L);
    assertThat(p.memory(DType.INT8).bytes()).isEqualTo(8_030_261_248L);
    assertThat(p.memory(DType.INT4).bytes()).isEqualTo(4_015_130_624L);
    assertThat(ParameterCount.of(3).memory(DType.NF4).bytes()).isEqualTo(2);
  }

  @Test
  void dataSizesNameSiAndIecUnitsApart() {
    DataSize h100 = DataSize.of(80, DataUnit.GIB);
    assertThat(h100.bytes()).isEqualTo(85_899_345_920L);
    assertThat(h100.toGB()).isEqualTo(85.89934592);
    assertThat(h100.toGiB()).isEqualTo(80.0);
    assertThat(DataSize.of(80, DataUnit.GB).toGiB()).isCloseTo(74.505806, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(DataSize.ofGB(1.5).bytes()).isEqualTo(1_500_000_000L);
    assertThat(DataSize.ofBytes(16_060_522_496L)).hasToString("16.06 GB");
    assertThat(DataSize.ofBytes(16_060_522_496L).toIecString()).isEqualTo("14.96 GiB");
    assertThat(DataSize.ofBytes(999)).hasToString("999 B");
  }

  @Test
  void dataSizesRoundSharesUpAndRefuseToGoNegative() {
    assertThat(DataSize.ofBytes(10).div(3).bytes()).isEqualTo(4);
    assertThat(DataSize.ofBytes(9).div(3).bytes()).isEqualTo(3);
    assertThat(DataSize.ofBytes(10).times(0.25).bytes()).isEqualTo(3);
    assertThat(DataSize.ofBytes(10).div(DataSize.ofBytes(4))).isEqualTo(2.5);
    assertThatThrownBy(() -> DataSize.ofBytes(1).minus(DataSize.ofBytes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would be negative");
    assertThatThrownBy(() -> DataSize.of(Double.NaN, DataUnit.GB))
        .hasMessage("amount must be a finite number, was NaN");
    assertThatThrownBy(() -> DataSize.ofBytes(1).div(0)).hasMessage("parts must be > 0, was 0");
    assertThatThrownBy(() -> DataSize.of(Long.MAX_VALUE, DataUnit.KB)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> DataSize.of(1e30, DataUnit.GB)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void flopsAndRatesGiveTimesAndUtilisation() {
    FlopCount gpt3 = FlopCount.of(6 * 174.6e9 * 300e9);
    assertThat(gpt3.value()).isCloseTo(3.14e23, org.assertj.core.data.Percentage.withPercentage(0.1));
    assertThat(gpt3.toPetaflopDays()).isCloseTo(3637, org.assertj.core.data.Offset.offset(1.0));
    FlopRate a100 = FlopRate.ofTera(312);
    assertThat(a100.times(0.5).div(a100)).isEqualTo(0.5);
    assertThat(FlopCount.of(312e12).secondsAt(a100)).isEqualTo(1.0);
    assertThat(a100).hasToString("312.0 TFLOP/s");
    assertThatThrownBy(() -> FlopCount.of(Double.POSITIVE_INFINITY))
        .hasMessage("flops must be a finite number, was Infinity");
    assertThatThrownBy(() -> FlopCount.of(-1)).hasMessage("flops must be >= 0, was -1.0");
    assertThatThrownBy(() -> FlopCount.of(1).secondsAt(FlopRate.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FlopRate.ofTera(Double.NaN)).hasMessage("tflops must be a finite number, was NaN");
  }

  @Test
  void bandwidthMovesBytesAndConvertsBits() {
    Bandwidth hbm = Bandwidth.ofGBps(3350);
    assertThat(hbm.secondsFor(DataSize.ofBytes(3_350_000_000L))).isEqualTo(0.001);
    assertThat(Bandwidth.ofGigabits(400).toGBps()).isEqualTo(50.0);
    assertThat(Bandwidth.ZERO.secondsFor(DataSize.ZERO)).isZero();
    assertThatThrownBy(() -> Bandwidth.ZERO.secondsFor(DataSize.ofBytes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void moneyIsExactDecimalArithmetic() {
    Money perToken = Money.usd("0.002").div(1000);
    Money request = perToken.times(1500);
    assertThat(request).isEqualTo(Money.usd("0.003"));
    assertThat(request.amount()).isEqualByComparingTo("0.003");
    assertThat(Money.usd("0.1").plus(Money.usd("0.2"))).isEqualTo(Money.usd("0.3"));
    assertThat(Money.usd("1.0")).isEqualTo(Money.usd("1.00")).hasSameHashCodeAs(Money.usd("1.00"));
    assertThat(Money.usd("0.00145").format(4, RoundingMode.HALF_EVEN)).isEqualTo("USD 0.0014");
    assertThat(Money.usd("2.50").times(new BigDecimal("0.000001"))).hasToString("USD 0.0000025");
    assertThat(Money.usd("1").minus(Money.usd("3")).isNegative()).isTrue();
  }

  /** Issue 14 item 8: toString rounds for display (HALF_EVEN, stated) and groups thousands; amount() stays exact. */
  @Test
  void moneyToStringIsRoundedForDisplayAndKeepsTheExactAmount() {
    Money big = Money.usd("10615784.6128");
    assertThat(big).hasToString("USD 10,615,784.61");
    assertThat(big.amount()).isEqualByComparingTo("10615784.6128");
    assertThat(big.toPlainString()).isEqualTo("10615784.6128");
    assertThat(Money.usd("1.493558213491292")).hasToString("USD 1.49");
    assertThat(Money.usd("0.125")).hasToString("USD 0.125");
    assertThat(Money.usd("0.123456")).hasToString("USD 0.1235");
    assertThat(Money.usd("0.0000012345")).hasToString("USD 0.000001234");
    assertThat(Money.usd("0")).hasToString("USD 0.00");
    assertThat(Money.usd("1").minus(Money.usd("1234.5"))).hasToString("USD -1,233.50");
    assertThat(Money.DISPLAY_ROUNDING).isEqualTo(RoundingMode.HALF_EVEN);
    assertThat(Money.usd("1").compareTo(Money.usd("2"))).isNegative();
  }

  @Test
  void moneyRefusesToMixCurrenciesOrDivideByZero() {
    Money eur = Money.of(BigDecimal.ONE, Currency.getInstance("EUR"));
    assertThatThrownBy(() -> Money.usd("1").plus(eur))
        .hasMessage("currencies must match, was USD and EUR");
    assertThatThrownBy(() -> Money.usd("1").div(0)).hasMessage("divisor must not be 0");
    assertThatThrownBy(() -> Money.usd("abc")).hasMessage("amount must be a decimal number, was \"abc\"");
    assertThatThrownBy(() -> Money.of("1", "XYZ1")).hasMessageContaining("ISO 4217");
  }

  @Test
  void dtypesKnowTheirSizeAndAliases() {
    assertThat(DType.BF16.bits()).isEqualTo(16);
    assertThat(DType.FP8_E4M3.bytes()).isEqualTo(1.0);
    assertThat(DType.FP8_E5M2.bits()).isEqualTo(8);
    assertThat(DType.INT4.bytes()).isEqualTo(0.5);
    assertThat(DType.NF4.bits()).isEqualTo(4);
    assertThat(DType.FP4.bits()).isEqualTo(4);
    assertThat(DType.TF32.bits()).isEqualTo(32);
    assertThat(DType.parse("bfloat16")).isEqualTo(DType.BF16);
    assertThat(DType.parse("float8_e4m3fn")).isEqualTo(DType.FP8_E4M3);
    assertThat(DType.parse("FP16")).isEqualTo(DType.FP16);
    assertThat(DType.find("half")).contains(DType.FP16);
    assertThat(DType.find("int3")).isEmpty();
    assertThatThrownBy(() -> DType.parse("int3"))
        .hasMessageStartingWith("dtype must be one of fp64, fp32, tf32, bf16")
        .hasMessageEndingWith("was \"int3\"");
  }
}
