package dev.pulsebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WithingsCallsTest {

    private final WithingsCalls calls = new WithingsCalls(Map.of("measure getmeas", 11L, "v2/heart list", 1L,
            "v2/sleep getsummary", 2L, "notify list", 1L, "notify subscribe", 9L));

    @Test
    void dataCallsAreEveryReadOfMeasuresAndV2ServicesIncludingTheHeartList() {
        assertThat(calls.data()).isEqualTo(14);
    }

    @Test
    void webhookSetupCallsAreTheNotifyServiceOnesIncludingItsList() {
        assertThat(calls.webhookSetup()).isEqualTo(10);
    }

    @Test
    void aNightsSeriesAndAnEcgsSignalArePerRecordCallsNotListReads() {
        WithingsCalls withRecords = new WithingsCalls(Map.of("v2/sleep getsummary", 2L, "v2/sleep get", 7L,
                "v2/heart list", 1L, "v2/heart get", 3L));

        assertThat(withRecords.data()).isEqualTo(3);
        assertThat(withRecords.perRecord()).isEqualTo(10);
    }
}
