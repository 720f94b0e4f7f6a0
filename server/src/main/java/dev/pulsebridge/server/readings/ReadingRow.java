package dev.pulsebridge.server.readings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One measured value of an Observation as the dashboard operations read it: the Observation's own value,
 * or one of its components (systolic and diastolic of a blood-pressure panel).
 *
 * @param part        0 for the Observation's own value, n for its n-th component
 * @param code        the coding the value is grouped by: the first LOINC coding, else the first coding
 * @param codes       every coding of the value's code, as {@code system|code} and as bare {@code code}
 * @param panelCodes  for a component, the codings of the Observation it belongs to (same two forms)
 * @param categories  the Observation's categories (same two forms)
 * @param value       empty when the value is not a Quantity (a panel has its values in components)
 */
record ReadingRow(String observationId, String patientId, int part, String codeSystem, String code,
        List<String> codes, List<String> panelCodes, List<String> categories, Instant effectiveAt, BigDecimal value,
        String unitSystem, String unit, String status) {
}
