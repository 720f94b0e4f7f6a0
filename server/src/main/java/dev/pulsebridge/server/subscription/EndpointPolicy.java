package dev.pulsebridge.server.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where rest-hook notifications may go. A Subscription carries patient data to a URL its creator chose,
 * so without limits it is a way to reach the server's own network: loopback services, private
 * addresses, link-local ones and the cloud metadata endpoint. Endpoints must be {@code https} and every
 * address their host resolves to must be public; the check runs when a Subscription is written and again
 * before each delivery, after resolving the host anew (the answer may have changed since). Endpoints
 * starting with one of the configured prefixes ({@code pulsebridge.subscriptions.allowed-endpoints}) skip
 * both rules: tests and demos whose receivers listen on loopback over plain http.
 */
final class EndpointPolicy {

    private final List<String> allowedPrefixes;
    private final Function<String, InetAddress[]> resolver;

    EndpointPolicy(List<String> allowedPrefixes) {
        this(allowedPrefixes, EndpointPolicy::resolve);
    }

    EndpointPolicy(List<String> allowedPrefixes, Function<String, InetAddress[]> resolver) {
        this.allowedPrefixes = allowedPrefixes.stream().map(String::trim).filter(prefix -> !prefix.isEmpty()).toList();
        this.resolver = resolver;
    }

    /** @throws InvalidSubscriptionException saying why the endpoint may not receive notifications */
    void check(String endpoint) {
        URI uri = URI.create(endpoint);
        if (uri.getRawUserInfo() != null) {
            // credentials belong in Subscription.parameter headers; user info also disguises hosts ("http://a@b/")
            throw new InvalidSubscriptionException("Subscription.endpoint must not carry user information; "
                    + "send credentials as a Subscription.parameter header instead");
        }
        if (allowedPrefixes.stream().anyMatch(endpoint::startsWith)) {
            return;
        }
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new InvalidSubscriptionException("Subscription.endpoint must use https (got '" + endpoint
                    + "'); plain http is only accepted for endpoints listed in pulsebridge.subscriptions.allowed-endpoints");
        }
        String host = uri.getHost();
        InetAddress[] addresses = resolver.apply(host);
        if (addresses.length == 0) {
            throw new InvalidSubscriptionException("Subscription.endpoint host '" + host + "' does not resolve");
        }
        Arrays.stream(addresses).filter(EndpointPolicy::internal).findFirst().ifPresent(address -> {
            throw new InvalidSubscriptionException("Subscription.endpoint host '" + host + "' resolves to "
                    + address.getHostAddress() + ", an internal address (loopback, private, link-local or metadata); "
                    + "notifications only go to public endpoints");
        });
    }

    /** Loopback, private, link-local (the cloud metadata service lives there), unspecified, shared or multicast. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // "this network", carrier-grade NAT
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0); // IETF protocol assignments
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7, AWS's metadata fd00:ec2::254 among them
            }
            if (isIpv4Mapped(bytes)) {
                try {
                    return internal(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }
}
