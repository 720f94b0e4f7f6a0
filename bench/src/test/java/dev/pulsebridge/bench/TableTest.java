package dev.pulsebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void aFigureWithABaselineShowsTheRatioAndWhetherItsTargetHolds() {
        Table table = new Table();
        table.add(Figure.of("1 backfill", "ingest", 1110, "obs/s").against(300).atLeast(1000));
        table.add(Figure.of("3 intake", "p99", 62.5, "ms").atMost(50));

        assertThat(table.markdown()).contains("| 1 backfill | ingest | 1110 obs/s | 300 obs/s | 3.70× | ≥ 1000 | yes |")
                .contains("| 3 intake | p99 | 62.5 ms |  |  | ≤ 50 | **no** |");
        assertThat(table.json()).contains("\"ratio\" : 3.7").contains("\"met\" : false");
    }

    @Test
    void warningsAboutABusyMachineAreWrittenUnderTheTableAndIntoTheJson() {
        Table table = new Table();
        table.add(Figure.of("5 search", "p95", 120, "ms"));
        table.warn("machine busy before '5 search': load average 3.10 on 2 cores");

        assertThat(table.markdown()).endsWith("\n- warning: machine busy before '5 search': load average 3.10 on 2 cores\n");
        assertThat(table.json()).contains("\"warnings\" : [ \"machine busy before '5 search': load average 3.10 on 2 cores\" ]");
    }

    @Test
    void numbersKeepThreeSignificantFiguresAtMost() {
        assertThat(Table.number(1234.56)).isEqualTo("1235");
        assertThat(Table.number(12.345)).isEqualTo("12.3");
        assertThat(Table.number(1.2345)).isEqualTo("1.23");
        assertThat(Table.number(0.012345)).isEqualTo("0.012");
    }
}
