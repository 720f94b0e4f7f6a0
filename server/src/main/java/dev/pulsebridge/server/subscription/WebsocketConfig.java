package dev.pulsebridge.server.subscription;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebsocketConfig implements WebSocketConfigurer {

    private final SubscriptionWebsocketHandler handler;

    WebsocketConfig(SubscriptionWebsocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // clients bind with a token they fetched over the FHIR API; the origin adds nothing to that
        registry.addHandler(handler, SubscriptionWebsocketHandler.PATH).setAllowedOriginPatterns("*");
    }
}
