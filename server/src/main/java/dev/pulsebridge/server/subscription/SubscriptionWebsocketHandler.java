package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The websocket channel: a client opens {@code /websocket}, sends {@code bind-with-token <token>} (from
 * {@code $get-ws-binding-token}), gets a handshake, then its subscription's notifications and heartbeats
 * as JSON Bundles. Events wait in the outbox while no client is bound; {@code $events} replays them.
 */
@Component
class SubscriptionWebsocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionWebsocketHandler.class);

    static final String PATH = "/websocket";
    private static final String BIND = "bind-with-token ";

    private final WebsocketTokenStore tokens;
    private final WebsocketSessions sessions;
    private final DeliveryStore states;
    private final SubscriptionStatusUpdates statuses;
    private final DeliverySignal signal;
    private final FhirContext fhirContext;

    SubscriptionWebsocketHandler(WebsocketTokenStore tokens, WebsocketSessions sessions, DeliveryStore states,
            SubscriptionStatusUpdates statuses, DeliverySignal signal, FhirContext fhirContext) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.states = states;
        this.statuses = statuses;
        this.signal = signal;
        this.fhirContext = fhirContext;
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        String text = message.getPayload().trim();
        if (!text.startsWith(BIND)) {
            WebsocketSessions.send(session, "error: send 'bind-with-token <token>' (see Subscription/{id}/$get-ws-binding-token)");
            return;
        }
        Optional<String> subscriptionId = tokens.subscriptionOf(text.substring(BIND.length()).trim());
        Optional<DeliveryState> state = subscriptionId.flatMap(states::state);
        if (state.isEmpty() || !state.get().channelType().equals(SubscriptionSpec.Channel.WEBSOCKET.code)) {
            WebsocketSessions.send(session, "error: unknown or expired token");
            return;
        }
        String handshake = fhirContext.newJsonParser().encodeResourceToString(NotificationBundles.signal(
                SubscriptionNotificationType.HANDSHAKE, state.get(), state.get().fhirBase()));
        WebsocketSessions.send(session, handshake);
        sessions.bind(state.get().subscriptionId(), session);
        if (state.get().status().equals("requested")) {
            try {
                statuses.activate(state.get().subscriptionId());
            } catch (RuntimeException e) {
                // an exception here would close the socket the client just bound; a deliverer activates the
                // subscription when it takes the handshake, so the client only has to stay connected
                log.warn("Subscription {} bound, not activated yet: {}", state.get().subscriptionId(), e.toString());
            }
        }
        signal.eventsStored();
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.closed(session);
    }
}
