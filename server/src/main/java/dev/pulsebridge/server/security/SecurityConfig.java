package dev.pulsebridge.server.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pulsebridge.server.secrets.SecretCipher;
import dev.pulsebridge.server.settings.ServerSettingStore;
import dev.pulsebridge.server.withings.PublicUrls;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The front door. Spring Authorization Server issues tokens ({@code /oauth2/token}, keys at
 * {@code /oauth2/jwks}, introspection and revocation); every {@code /fhir} request needs one of its
 * bearer tokens (401 with {@code WWW-Authenticate: Bearer} otherwise) and {@link SmartAuthorization}
 * decides what the token's scopes allow. Public on purpose: the CapabilityStatement and the page a browser
 * sees at {@code /fhir}, the SMART discovery document, Withings' webhook and the patient's link and callback pages (each bound to a
 * secret or one-time token), the websocket (bound with a token from {@code $get-ws-binding-token}) and
 * health. Everything else, metrics included, needs a token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer.tokenEndpoint(token -> token.authenticationProviders(providers ->
                        providers.forEach(provider -> {
                            if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider clientCredentials) {
                                clientCredentials.setAuthenticationValidator(SecurityConfig::requestedScopesWithinRegistered);
                            }
                        }))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain fhir(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/fhir"), paths.matcher("/fhir/**")))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/fhir/metadata"), paths.matcher(HttpMethod.GET, "/fhir"),
                                paths.matcher(HttpMethod.GET, "/fhir/"), paths.matcher(HttpMethod.GET, SmartDiscovery.PATH))
                        .permitAll()
                        .anyRequest().authenticated());
        return bearerTokensOnly(http).build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths.matcher("/withings/**"), paths.matcher("/websocket"),
                                paths.matcher("/websocket/**"), paths.matcher("/actuator/health"),
                                paths.matcher("/actuator/health/**"), paths.matcher("/error")).permitAll()
                        .anyRequest().authenticated());
        return bearerTokensOnly(http).build();
    }

    /** SMART semantics instead of string equality: any subset of what the client is registered for. */
    private static void requestedScopesWithinRegistered(OAuth2ClientCredentialsAuthenticationContext context) {
        OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
        java.util.Set<String> requested = request.getScopes();
        try {
            SmartScopes asked = SmartScopes.parse(String.join(" ", requested));
            SmartScopes registered = SmartScopes.parse(String.join(" ", context.getRegisteredClient().getScopes()));
            if (!asked.within(registered)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
            }
        } catch (IllegalArgumentException unknownScope) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
        }
    }

    /**
     * Callers prove themselves with a bearer token on each request: no sessions, and so no cookies for a
     * forged cross-site request to ride on (CSRF protection has nothing to protect; Withings posts its
     * webhook without any session either).
     */
    private static HttpSecurity bearerTokensOnly(HttpSecurity http) throws Exception {
        return http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }

    @Bean
    FilterRegistrationBean<SmartDiscovery> smartDiscovery(PublicUrls urls) {
        FilterRegistrationBean<SmartDiscovery> registration = new FilterRegistrationBean<>(new SmartDiscovery(urls));
        registration.addUrlPatterns(SmartDiscovery.PATH);
        return registration;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository registeredClients(SecurityProperties properties, ServerSettingStore settings,
            PasswordEncoder passwords) {
        return OAuthClients.repository(properties, settings, passwords);
    }

    @Bean
    JWKSource<SecurityContext> signingKeys(ServerSettingStore settings, SecretCipher cipher) {
        return SigningKey.load(settings, cipher);
    }

    /** Issued tokens, so that introspection answers and a revoked token stops working (in memory so far). */
    @Bean
    OAuth2AuthorizationService authorizations() {
        return new InMemoryOAuth2AuthorizationService();
    }

    /** Our own tokens: signed with our key, unexpired, and not revoked since they were issued. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, OAuth2AuthorizationService authorizations) {
        NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), jwt -> {
            OAuth2Authorization issued = authorizations.findByToken(jwt.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
            boolean revoked = issued != null && issued.getAccessToken() != null && issued.getAccessToken().isInvalidated();
            return revoked ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token was revoked", null))
                    : OAuth2TokenValidatorResult.success();
        }));
        return decoder;
    }

    /** Tokens are signed with the EC key (ES256); the issuer follows the configured public base, else the request. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> es256Tokens() {
        return context -> context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
    }

    /** Without a configured public base URL the issuer follows each request's host, as the FHIR base does. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(PublicUrls urls) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        urls.configured().ifPresent(settings::issuer);
        return settings.build();
    }
}
