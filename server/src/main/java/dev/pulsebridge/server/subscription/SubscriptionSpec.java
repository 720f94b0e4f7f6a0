package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.util.UrlUtil;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hl7.fhir.r5.model.Subscription.SubscriptionFilterByComponent;
import org.hl7.fhir.r5.model.Subscription.SubscriptionParameterComponent;
import org.hl7.fhir.r5.model.Subscription;

/**
 * A Subscription as the delivery engine reads it, checked against what Pulsebridge supports. Parsing
 * is also the validation: a Subscription that cannot be parsed is refused at the FHIR edge with the
 * reason, so nothing is stored that would later fail silently.
 *
 * @param headers   the Subscription's {@code parameter}s, sent as HTTP headers on rest-hook deliveries
 * @param criteria  per resource type, the topic's trigger search and the subscriber's filters, ANDed
 */
record SubscriptionSpec(String id, String topicUrl, String status, Channel channel, String endpoint,
        Map<String, String> headers, Content content, String contentType, Integer heartbeatSeconds,
        int timeoutSeconds, int maxCount, Map<String, Criteria> criteria) {

    static final String CHANNEL_SYSTEM = "http://terminology.hl7.org/CodeSystem/subscription-channel-type";
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final int MAX_TIMEOUT_SECONDS = 300;
    /** Headers the delivery sets itself or the HTTP client controls; a subscriber cannot override them. */
    private static final java.util.Set<String> RESERVED_HEADERS =
            java.util.Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade");

    enum Channel {
        REST_HOOK("rest-hook"), WEBSOCKET("websocket");

        final String code;

        Channel(String code) {
            this.code = code;
        }

        static Optional<Channel> of(String code) {
            for (Channel channel : values()) {
                if (channel.code.equals(code)) {
                    return Optional.of(channel);
                }
            }
            return Optional.empty();
        }
    }

    enum Content {
        EMPTY("empty"), ID_ONLY("id-only"), FULL_RESOURCE("full-resource");

        final String code;

        Content(String code) {
            this.code = code;
        }

        static Optional<Content> of(String code) {
            for (Content content : values()) {
                if (content.code.equals(code)) {
                    return Optional.of(content);
                }
            }
            return Optional.empty();
        }
    }

    /** @param interactions of the topic trigger; @param search what the changed resource must match */
    record Criteria(java.util.Set<String> interactions, String search) {
    }

    static SubscriptionSpec parse(Subscription subscription, Function<String, Optional<TopicSpec>> topics) {
        String topicUrl = subscription.getTopic();
        if (topicUrl == null || topicUrl.isBlank()) {
            throw new InvalidSubscriptionException("Subscription.topic is required: the canonical URL of a SubscriptionTopic");
        }
        TopicSpec topic = topics.apply(topicUrl).orElseThrow(() -> new InvalidSubscriptionException(
                "Unknown SubscriptionTopic '" + topicUrl + "'; GET /fhir/SubscriptionTopic lists the topics"));
        if (!topic.active()) {
            throw new InvalidSubscriptionException("SubscriptionTopic '" + topicUrl + "' is not active");
        }
        Channel channel = channel(subscription);
        String endpoint = subscription.getEndpoint();
        if (channel == Channel.REST_HOOK) {
            checkEndpoint(endpoint);
        }
        Content content = subscription.hasContent()
                ? Content.of(subscription.getContent().toCode()).orElseThrow()
                : Content.ID_ONLY;
        String contentType = subscription.hasContentType() ? subscription.getContentType() : "application/fhir+json";
        if (!contentType.equals("application/fhir+json") && !contentType.equals("application/fhir+xml")) {
            throw new InvalidSubscriptionException("Subscription.contentType '" + contentType
                    + "' is not supported: use application/fhir+json or application/fhir+xml");
        }
        Integer heartbeat = subscription.hasHeartbeatPeriod() ? subscription.getHeartbeatPeriod() : null;
        if (heartbeat != null && heartbeat < 1) {
            throw new InvalidSubscriptionException("Subscription.heartbeatPeriod must be at least 1 second");
        }
        int timeout = subscription.hasTimeout() ? subscription.getTimeout() : 0;
        if (timeout < 0 || timeout > MAX_TIMEOUT_SECONDS) {
            throw new InvalidSubscriptionException("Subscription.timeout must be between 1 and " + MAX_TIMEOUT_SECONDS
                    + " seconds");
        }
        int maxCount = subscription.hasMaxCount() ? subscription.getMaxCount() : 1;
        if (maxCount < 1) {
            throw new InvalidSubscriptionException("Subscription.maxCount must be at least 1");
        }
        String status = subscription.hasStatus() ? subscription.getStatus().toCode() : "requested";
        return new SubscriptionSpec(subscription.getIdElement().getIdPart(), topicUrl, status, channel, endpoint,
                headers(subscription), content, contentType, heartbeat, timeout, maxCount,
                criteria(subscription, topic));
    }

    private static Channel channel(Subscription subscription) {
        if (!subscription.hasChannelType() || subscription.getChannelType().getCode() == null) {
            throw new InvalidSubscriptionException("Subscription.channelType is required (rest-hook or websocket, system "
                    + CHANNEL_SYSTEM + ")");
        }
        String system = subscription.getChannelType().getSystem();
        String code = subscription.getChannelType().getCode();
        if (system != null && !system.equals(CHANNEL_SYSTEM)) {
            throw new InvalidSubscriptionException("Subscription.channelType system must be " + CHANNEL_SYSTEM);
        }
        return Channel.of(code).orElseThrow(() -> new InvalidSubscriptionException(
                "Channel type '" + code + "' is not supported: use rest-hook or websocket"));
    }

    private static void checkEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new InvalidSubscriptionException("A rest-hook Subscription needs an endpoint (an http or https URL)");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidSubscriptionException("Subscription.endpoint '" + endpoint + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidSubscriptionException("Subscription.endpoint '" + endpoint
                    + "' must be an absolute http or https URL");
        }
    }

    private static Map<String, String> headers(Subscription subscription) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (SubscriptionParameterComponent parameter : subscription.getParameter()) {
            String name = parameter.getName();
            String value = parameter.getValue();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new InvalidSubscriptionException("Subscription.parameter name '" + name
                        + "' is not a valid HTTP header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidSubscriptionException("Subscription.parameter '" + name
                        + "' names a header Pulsebridge sets itself");
            }
            if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InvalidSubscriptionException("Subscription.parameter '" + name
                        + "' needs a value on one line");
            }
            headers.put(name, value);
        }
        return headers;
    }

    private static Map<String, Criteria> criteria(Subscription subscription, TopicSpec topic) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (SubscriptionFilterByComponent filter : subscription.getFilterBy()) {
            String parameter = filter.getFilterParameter();
            if (parameter == null || parameter.isBlank() || filter.getValue() == null || filter.getValue().isBlank()) {
                throw new InvalidSubscriptionException("Each Subscription.filterBy needs a filterParameter and a value");
            }
            if (filter.hasComparator() && !filter.getComparator().toCode().equals("eq")) {
                throw new InvalidSubscriptionException("filterBy comparator '" + filter.getComparator().toCode()
                        + "' is not supported; filters match by equality");
            }
            if (filter.hasModifier()) {
                throw new InvalidSubscriptionException("filterBy modifier '" + filter.getModifier().toCode()
                        + "' is not supported");
            }
            List<String> types = new ArrayList<>();
            for (TopicSpec.Trigger trigger : topic.triggers()) {
                String type = trigger.resourceType();
                boolean named = !filter.hasResourceType() || TopicSpec.resourceType(filter.getResourceType()).equals(type);
                if (named && topic.canFilter(type, parameter)) {
                    types.add(type);
                }
            }
            if (types.isEmpty()) {
                throw new InvalidSubscriptionException("Topic " + topic.url() + " cannot filter by '" + parameter
                        + "'; its canFilterBy lists the filters it offers");
            }
            String term = UrlUtil.escapeUrlParam(parameter) + "=" + UrlUtil.escapeUrlParam(filter.getValue());
            types.forEach(type -> filters.computeIfAbsent(type, t -> new ArrayList<>()).add(term));
        }
        Map<String, Criteria> criteria = new LinkedHashMap<>();
        for (TopicSpec.Trigger trigger : topic.triggers()) {
            List<String> terms = new ArrayList<>();
            String search = trigger.criteria();
            int query = search.indexOf('?');
            if (query >= 0 && query < search.length() - 1) {
                terms.add(search.substring(query + 1));
            }
            terms.addAll(filters.getOrDefault(trigger.resourceType(), List.of()));
            criteria.put(trigger.resourceType(), new Criteria(trigger.interactions(),
                    trigger.resourceType() + "?" + String.join("&", terms)));
        }
        return criteria;
    }
}
