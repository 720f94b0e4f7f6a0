package dev.pulsebridge.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.PayloadKind;

/** One page of a Withings list response (the envelope's body), and what kind of payload it is. */
record FetchedPage(PayloadKind kind, JsonNode body) {
}
