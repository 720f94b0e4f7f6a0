package dev.pulsebridge.server.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pulsebridge.server.secrets.SecretCipher;
import dev.pulsebridge.server.settings.ServerSettingStore;
import dev.pulsebridge.server.withings.PublicUrls;
import java.time.Clock;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
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
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
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
 * The front door, four filter chains. (1) Spring Authorization Server's endpoints with the SMART additions
 * of {@link SmartLaunchFlow}: a browser that is not signed in is sent to the login form. (2) {@code /fhir}:
 * a bearer token on every request (401 with {@code WWW-Authenticate: Bearer} otherwise), then
 * {@link SmartAuthorization}, {@link PatientSearchNarrowing}, {@link ScopeConsent} and {@link ScopedWrites}
 * decide what its scopes allow; the CapabilityStatement, the page a browser sees at {@code /fhir} and the
 * SMART discovery document are public. (3) The login and consent pages, with a session and CSRF tokens.
 * (4) Everything else: bearer tokens; public on purpose are Withings' webhook and the link and callback
 * pages (each bound to a secret or one-time token), the websocket (bound with a token from
 * {@code $get-ws-binding-token}) and health; metrics and {@code /admin} need more than any token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, SmartLaunchFlow flow, ClientAssertionKeys assertions)
            throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponses = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        tokenResponses.setAccessTokenResponseCustomizer(flow::addLaunchContext);
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer
                        .authorizationEndpoint(authorize -> authorize.consentPage(ConsentPage.PATH)
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
                                        request.setAuthenticationValidator(flow::validateAuthorizationRequest);
                                        request.setAuthorizationConsentRequired(flow::consentRequired);
                                    }
                                    if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
                                        consent.setAuthorizationConsentCustomizer(flow::recordConsent);
                                    }
                                })))
                        .clientAuthentication(clients -> clients
                                .authenticationConverters(converters -> converters.replaceAll(converter ->
                                        converter instanceof JwtClientAssertionAuthenticationConverter ? new AssertionClientId() : converter))
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof JwtClientAssertionAuthenticationProvider jwt) {
                                        jwt.setJwtDecoderFactory(assertions);
                                    }
                                })))
                        .tokenEndpoint(token -> token.accessTokenResponseHandler(tokenResponses)
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider clientCredentials) {
                                        clientCredentials.setAuthenticationValidator(SmartLaunchFlow::requestedScopesWithinRegistered);
                                    }
                                })))
                        .oidc(oidc -> oidc.providerConfigurationEndpoint(provider -> provider.providerConfigurationCustomizer(
                                metadata -> metadata.idTokenSigningAlgorithms(algorithms -> {
                                    algorithms.clear();
                                    algorithms.add("ES256");
                                })))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // a browser that is not signed in goes to the login form, and comes back here after it
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(PeoplePages.LOGIN), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
                .cors(Customizer.withDefaults());
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
                        .anyRequest().authenticated())
                .cors(Customizer.withDefaults());
        return bearerTokensOnly(http).build();
    }

    /**
     * Browser apps (SMART apps served from their own origin) call the FHIR API and the token endpoint
     * across origins. Any origin may: requests carry bearer tokens, never cookies, so a page cannot ride on
     * someone's session. The login and consent pages are not opened to other origins.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration api = new CorsConfiguration();
        api.addAllowedOrigin("*");
        api.setAllowedMethods(java.util.List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"));
        api.setAllowedHeaders(java.util.List.of("Authorization", "Content-Type", "Accept", "Prefer", "If-Match",
                "If-None-Match", "If-None-Exist", "If-Modified-Since", "X-Request-Id"));
        api.setExposedHeaders(java.util.List.of("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate"));
        api.setAllowCredentials(false);
        api.setMaxAge(java.time.Duration.ofHours(1));
        // matched on the whole path: a path-within-servlet lookup would see /metadata, not /fhir/metadata
        java.util.List<org.springframework.web.util.pattern.PathPattern> paths = java.util.stream.Stream.of("/fhir",
                        "/fhir/**", "/oauth2/token", "/oauth2/jwks", "/oauth2/introspect", "/oauth2/revoke", "/userinfo",
                        "/.well-known/**")
                .map(org.springframework.web.util.pattern.PathPatternParser.defaultInstance::parse).toList();
        return request -> {
            org.springframework.http.server.PathContainer path = org.springframework.http.server.PathContainer.parsePath(
                    request.getRequestURI().substring(request.getContextPath().length()));
            return paths.stream().anyMatch(pattern -> pattern.matches(path)) ? api : null;
        };
    }

    /**
     * The pages people use: the login form and the consent page, with a session (that is what signing in
     * makes) and CSRF protection on every form.
     */
    @Bean
    @Order(3)
    SecurityFilterChain people(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher(PeoplePages.LOGIN), paths.matcher(PeoplePages.LOGOUT),
                        paths.matcher(ConsentPage.PATH)))
                .authorizeHttpRequests(requests -> requests.requestMatchers(paths.matcher(PeoplePages.LOGIN)).permitAll()
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage(PeoplePages.LOGIN).permitAll())
                .logout(logout -> logout.logoutUrl(PeoplePages.LOGOUT).logoutSuccessUrl(PeoplePages.LOGIN + "?logout"))
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                + "form-action 'self' http: https:; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(requests -> requests
                        // the dashboard's code and libraries: no data, it signs in like any SMART app
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/dashboard"), paths.matcher(HttpMethod.GET, "/dashboard/**"),
                                paths.matcher(HttpMethod.GET, "/webjars/**")).permitAll()
                        .requestMatchers(paths.matcher("/withings/**"), paths.matcher("/websocket"),
                                paths.matcher("/websocket/**"), paths.matcher("/actuator/health"),
                                paths.matcher("/actuator/health/**"), paths.matcher("/error")).permitAll()
                        .requestMatchers(paths.matcher("/actuator/**")).access(SecurityConfig::monitoring)
                        .requestMatchers(paths.matcher(PrincipalAdmin.PATH + "/**")).access(SecurityConfig::administration)
                        .anyRequest().authenticated());
        return bearerTokensOnly(http).build();
    }

    /** Users and clients are managed by a signed-in admin, or a backend token that may change everything. */
    private static AuthorizationDecision administration(java.util.function.Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext request) {
        return adminOrSystemWide(authentication.get(), SmartScope.Interaction.CREATE, SmartScope.Interaction.UPDATE,
                SmartScope.Interaction.DELETE);
    }

    /**
     * Metrics describe everyone's traffic: a backend token that may read everything ({@code system/*.r}),
     * or a signed-in admin's token.
     */
    private static AuthorizationDecision monitoring(java.util.function.Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext request) {
        return adminOrSystemWide(authentication.get(), SmartScope.Interaction.READ);
    }

    private static AuthorizationDecision adminOrSystemWide(Authentication authentication, SmartScope.Interaction... interactions) {
        if (!(authentication.getPrincipal() instanceof Jwt jwt)) {
            return new AuthorizationDecision(false);
        }
        boolean admin = jwt.hasClaim(TokenAccess.ROLES_CLAIM) && jwt.getClaimAsStringList(TokenAccess.ROLES_CLAIM).contains("admin");
        return new AuthorizationDecision(admin
                || SmartScopes.parse(String.join(" ", jwt.getClaimAsStringList("scope"))).systemWide(interactions));
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
    FilterRegistrationBean<AdminBodyLimit> adminBodyLimit() {
        FilterRegistrationBean<AdminBodyLimit> registration = new FilterRegistrationBean<>(new AdminBodyLimit());
        registration.addUrlPatterns(PrincipalAdmin.PATH + "/*");
        return registration;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    ClientRegistry registeredClients(SecurityProperties properties, ServerSettingStore settings, PasswordEncoder passwords,
            ManagedPrincipals managed, @org.springframework.beans.factory.annotation.Value("${server.port:8080}") int port) {
        return OAuthClients.repository(properties, settings, passwords, managed, port);
    }

    @Bean
    ManagedPrincipals managedPrincipals(JdbcClient jdbc, Clock clock) {
        return new ManagedPrincipals(jdbc, clock);
    }

    @Bean
    JWKSource<SecurityContext> signingKeys(ServerSettingStore settings, SecretCipher cipher) {
        return SigningKey.load(settings, cipher);
    }

    /** Issued tokens, in PostgreSQL: refresh tokens, introspection and revocation survive restarts. */
    @Bean
    AuthorizationStore authorizations(JdbcClient jdbc, SecretCipher cipher, Clock clock, RegisteredClientRepository clients) {
        return new AuthorizationStore(jdbc, cipher, clock, clients);
    }

    /**
     * Our own tokens: signed with our key, unexpired, and not revoked since they were issued. The signature
     * of a token is verified once (VerifiedTokens); revocation is checked on every request.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys, AuthorizationStore authorizations, Clock clock) {
        NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), jwt ->
                authorizations.revoked(jwt.getTokenValue())
                        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token was revoked", null))
                        : OAuth2TokenValidatorResult.success()));
        return new VerifiedTokens(decoder, authorizations::revoked, clock);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> smartClaims(SmartLaunchFlow flow) {
        return flow::customize;
    }

    /** Access and id tokens as JWTs; a refresh token only when the app asked for {@code offline_access} or {@code online_access}. */
    @Bean
    OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JWKSource<SecurityContext> keys, OAuth2TokenCustomizer<JwtEncodingContext> claims) {
        JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwts.setJwtCustomizer(claims);
        OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();
        OAuth2TokenGenerator<OAuth2Token> refreshWhenAsked = context -> {
            boolean asked = context.getAuthorizedScopes().contains("offline_access")
                    || context.getAuthorizedScopes().contains("online_access");
            return OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType()) && asked ? refreshTokens.generate(context) : null;
        };
        return new DelegatingOAuth2TokenGenerator(jwts, refreshWhenAsked);
    }

    @Bean
    UserDirectory users(SecurityProperties properties, ServerSettingStore settings, PasswordEncoder passwords,
            ManagedPrincipals managed, LoginAttempts attempts) {
        UserDirectory users = UserDirectory.load(properties, settings, passwords, managed);
        users.throttledBy(attempts);
        return users;
    }

    @Bean
    LoginAttempts loginAttempts(Clock clock) {
        return new LoginAttempts(clock);
    }

    @Bean
    LaunchContexts launchContexts(Clock clock, SecurityProperties properties) {
        return new LaunchContexts(clock, properties.launchLifetime());
    }

    @Bean
    SmartLaunchFlow smartLaunchFlow(UserDirectory users, CareTeams careTeams, LaunchContexts launches) {
        return new SmartLaunchFlow(users, careTeams, launches);
    }

    @Bean
    ClientAssertionKeys clientAssertionKeys(Clock clock) {
        return new ClientAssertionKeys(clock);
    }

    /** Consent is asked for each authorization, so unticking a scope this time grants less this time. */
    @Bean
    OAuth2AuthorizationConsentService consents() {
        return new OAuth2AuthorizationConsentService() {
            @Override
            public void save(OAuth2AuthorizationConsent consent) {
            }

            @Override
            public void remove(OAuth2AuthorizationConsent consent) {
            }

            @Override
            public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
                return null;
            }
        };
    }

    /** Without a configured public base URL the issuer follows each request's host, as the FHIR base does. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(PublicUrls urls) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        urls.configured().ifPresent(settings::issuer);
        return settings.build();
    }
}
