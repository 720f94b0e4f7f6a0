package dev.pulsebridge.server.withings;

import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/** The HTTP transport for every Withings call: bounded connect and read times, no redirects. */
public final class WithingsHttp {

    private WithingsHttp() {
    }

    public static JdkClientHttpRequestFactory requestFactory(WithingsProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(properties.readTimeout());
        return factory;
    }
}
