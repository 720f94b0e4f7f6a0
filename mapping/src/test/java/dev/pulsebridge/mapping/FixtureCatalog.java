package dev.pulsebridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which Withings API each fixture answers. Data payloads map to FHIR; the rest (webhook lists,
 * goals, tokens, high-frequency series) must parse into their typed models.
 */
final class FixtureCatalog {

    static final Map<String, PayloadKind> FHIR_PAYLOADS = new LinkedHashMap<>();
    static final Map<String, Function<JsonNode, Object>> OTHER_PAYLOADS = new LinkedHashMap<>();

    static {
        fhir(PayloadKind.MEASURE_GROUPS, "home-assistant-core/get_meas.json", "home-assistant-core/measurements.json",
                "joostlek-python-withings/measurement.json", "joostlek-python-withings/measurement_list.first6.json",
                "joostlek-python-withings/measurement_list_2.json", "joostlek-python-withings/measurement_positions.json",
                "roessland-withoutings/withings-resp-measure-getmeas-0-weight.json");
        fhir(PayloadKind.SLEEP_SUMMARIES, "home-assistant-core/get_sleep.json",
                "joostlek-python-withings/sleep_summary.first3.json",
                "joostlek-python-withings/sleep_summary_no_datafields.first3.json",
                "roessland-withoutings/withings-resp-sleepv2-getsummary-0.json",
                "roessland-withoutings/withings-resp-sleepv2-getsummary-0-nodata.json",
                "pulsebridge-simulator/generated-night-with-series.json");
        fhir(PayloadKind.SLEEP_SERIES, "joostlek-python-withings/sleep.first3.json",
                "joostlek-python-withings/sleep_no_datafields.first3.json",
                "roessland-withoutings/withings-resp-sleepv2-get-0.json");
        fhir(PayloadKind.ACTIVITIES, "joostlek-python-withings/activity.json",
                "roessland-withoutings/withings-resp-measurev2-getactivity-0.json",
                "roessland-withoutings/withings-resp-measurev2-getactivity-0-nodata.json",
                "pulsebridge-simulator/generated-day-with-intraday.json");
        fhir(PayloadKind.INTRADAY_ACTIVITY, "roessland-withoutings/withings-resp-measurev2-getintradayactivity-0.json",
                "roessland-withoutings/withings-resp-measurev2-getintradayactivity-0-nodata.json");
        fhir(PayloadKind.WORKOUTS, "joostlek-python-withings/workouts.json",
                "roessland-withoutings/withings-resp-measurev2-getworkouts-0.json",
                "roessland-withoutings/withings-resp-measurev2-getworkouts-0-nodata.json");
        fhir(PayloadKind.HEART_RECORDINGS, "fejesa-withings-react/heartlist.json",
                "pulsebridge-simulator/generated-ecg-with-signal.json");
        fhir(PayloadKind.DEVICES, "home-assistant-core/get_device.json", "joostlek-python-withings/device.json",
                "joostlek-python-withings/new_device.json");

        other(WithingsPayloads::notifySubscriptions, "home-assistant-core/notifications.json",
                "home-assistant-core/notify_list.json", "home-assistant-core/person0_notify_list.json",
                "joostlek-python-withings/notify_list.json");
        other(WithingsPayloads::body, "joostlek-python-withings/notify_revoke.json",
                "joostlek-python-withings/notify_subscribe.json");
        other(WithingsPayloads::goals, "joostlek-python-withings/goals.json", "joostlek-python-withings/goals_1.json",
                "joostlek-python-withings/goals_2.json", "joostlek-python-withings/no_goals.json");
        other(WithingsPayloads::token, "roessland-withoutings/token-refresh-response.from-oauth_test.go.json");
    }

    private FixtureCatalog() {
    }

    private static void fhir(PayloadKind kind, String... files) {
        for (String file : files) {
            FHIR_PAYLOADS.put(file, kind);
        }
    }

    private static void other(Function<JsonNode, Object> parser, String... files) {
        for (String file : files) {
            OTHER_PAYLOADS.put(file, parser);
        }
    }
}
