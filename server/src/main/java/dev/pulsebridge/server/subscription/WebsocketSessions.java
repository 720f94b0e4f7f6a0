package dev.pulsebridge.server.subscription;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** The websockets open on this instance and the subscriptions each is bound to. */
@Component
class WebsocketSessions {

    private final Map<String, Set<WebSocketSession>> bySubscription = new ConcurrentHashMap<>();

    void bind(String subscriptionId, WebSocketSession session) {
        bySubscription.computeIfAbsent(subscriptionId, id -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void closed(WebSocketSession session) {
        bySubscription.values().forEach(sessions -> sessions.remove(session));
        bySubscription.entrySet().removeIf(entry -> entry.getValue().isEmpty());
    }

    List<String> boundSubscriptions() {
        return List.copyOf(bySubscription.keySet());
    }

    /** @return whether at least one open websocket took the message */
    boolean send(String subscriptionId, String message) {
        boolean sent = false;
        for (WebSocketSession session : bySubscription.getOrDefault(subscriptionId, Set.of())) {
            if (send(session, message)) {
                sent = true;
            }
        }
        return sent;
    }

    static boolean send(WebSocketSession session, String message) {
        if (!session.isOpen()) {
            return false;
        }
        try {
            // a session takes one message at a time
            synchronized (session) {
                session.sendMessage(new TextMessage(message));
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
