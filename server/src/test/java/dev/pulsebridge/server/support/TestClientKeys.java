package dev.pulsebridge.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The key pairs of the tests' backend services that sign their token requests ({@code private_key_jwt}):
 * one ES384 and one RS384 key, registered inline for one client and published at a JWKS URL, served here
 * over real HTTP, for another.
 */
public final class TestClientKeys {

    public static final String INLINE_CLIENT = "backend-inline-keys";
    public static final String URL_CLIENT = "backend-keys-by-url";

    private static TestClientKeys shared;

    private final ECKey ec;
    private final RSAKey rsa;
    private final HttpServer server;

    private TestClientKeys() throws JOSEException, IOException {
        ec = new ECKeyGenerator(Curve.P_384).keyID("test-es384").algorithm(JWSAlgorithm.ES384).generate();
        rsa = new RSAKeyGenerator(2048).keyID("test-rs384").algorithm(JWSAlgorithm.RS384).generate();
        byte[] jwks = publicJwks().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
    }

    public static synchronized TestClientKeys shared() {
        if (shared == null) {
            try {
                shared = new TestClientKeys();
            } catch (JOSEException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    public ECKey ec() {
        return ec;
    }

    public RSAKey rsa() {
        return rsa;
    }

    public String publicJwks() {
        return new JWKSet(List.of(ec.toPublicJWK(), rsa.toPublicJWK())).toString();
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }
}
