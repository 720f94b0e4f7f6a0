package dev.pulsebridge.server.security;

import dev.pulsebridge.server.settings.ServerSettingStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The people who sign in at {@code /login}: who each is in FHIR ({@code fhirUser}) and what they are
 * (patient, clinician, admin). Declared under {@code pulsebridge.security.users}; with none declared, the
 * first start creates {@code admin} with a random password, printed once and kept only as a hash.
 */
final class UserDirectory implements UserDetailsService {

    /** What a person is to the server. */
    enum Role {
        PATIENT, CLINICIAN, ADMIN;

        static Role of(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Unknown role '" + text + "': use patient, clinician or admin");
            }
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One person; {@code fhirUser} is relative ({@code Patient/x}) and may be empty for an admin. */
    record Account(String username, String passwordHash, Optional<String> fhirUser, Set<Role> roles) {

        boolean is(Role role) {
            return roles.contains(role);
        }

        /** The patient this person is, when they are one. */
        Optional<String> ownPatientId() {
            return fhirUser.filter(reference -> reference.startsWith("Patient/")).map(reference -> reference.substring(8));
        }
    }

    static final String ADMIN_USER = "admin";
    private static final String ADMIN_PASSWORD_SETTING = "oauth.admin-user-password";
    private static final Pattern FHIR_USER = Pattern.compile("(Patient|Practitioner|RelatedPerson|Person)/[A-Za-z0-9\\-.]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final ManagedPrincipals managed;
    private LoginAttempts attempts;

    private UserDirectory(List<Account> accounts, ManagedPrincipals managed) {
        this.managed = managed;
        accounts.forEach(account -> {
            if (this.accounts.putIfAbsent(account.username(), account) != null) {
                throw new IllegalStateException("pulsebridge.security.users: '" + account.username() + "' is declared twice");
            }
        });
    }

    static UserDirectory load(SecurityProperties properties, ServerSettingStore settings, PasswordEncoder passwords,
            ManagedPrincipals managed) {
        List<Account> accounts = new ArrayList<>(properties.users().stream().map(UserDirectory::account).toList());
        if (accounts.isEmpty()) {
            accounts.add(new Account(ADMIN_USER, adminPassword(settings, passwords), Optional.empty(), EnumSet.of(Role.ADMIN)));
        }
        return new UserDirectory(accounts, managed);
    }

    /** A configured user, else one an admin added at runtime. */
    Optional<Account> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        Account configured = accounts.get(username);
        return configured != null || managed == null ? Optional.ofNullable(configured)
                : managed.user(username).map(UserDirectory::account);
    }

    boolean isConfigured(String username) {
        return accounts.containsKey(username);
    }

    java.util.Collection<Account> configured() {
        return accounts.values();
    }

    /** Usernames with too many recent wrong passwords are reported locked to the login form. */
    void throttledBy(LoginAttempts attempts) {
        this.attempts = attempts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = find(username).orElseThrow(() -> new UsernameNotFoundException("No such user"));
        return User.withUsername(account.username()).password(account.passwordHash())
                .accountLocked(attempts != null && attempts.locked(username))
                .authorities(account.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList())
                .build();
    }

    /** Checks a user by the rules; throws IllegalStateException naming the problem. */
    static Account account(SecurityProperties.User user) {
        if (user.username() == null || user.username().isBlank()) {
            throw new IllegalStateException("pulsebridge.security.users: every user needs a username");
        }
        if (user.password() == null || !user.password().startsWith("{")) {
            throw new IllegalStateException("User " + user.username() + ": the password must be in Spring's encoded form, "
                    + "{bcrypt}... (or {noop}... for development)");
        }
        if (user.roles().isEmpty()) {
            throw new IllegalStateException("User " + user.username() + " needs roles: patient, clinician or admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        user.roles().forEach(role -> roles.add(Role.of(role)));
        Optional<String> fhirUser = Optional.ofNullable(user.fhirUser()).filter(text -> !text.isBlank());
        fhirUser.ifPresent(reference -> {
            if (!FHIR_USER.matcher(reference).matches()) {
                throw new IllegalStateException("User " + user.username() + ": fhir-user must look like Patient/x or "
                        + "Practitioner/y, got '" + reference + "'");
            }
        });
        if (roles.contains(Role.PATIENT) && fhirUser.filter(reference -> reference.startsWith("Patient/")).isEmpty()) {
            throw new IllegalStateException("User " + user.username() + " has the patient role: fhir-user must be Patient/<id>");
        }
        if (roles.contains(Role.CLINICIAN) && fhirUser.filter(reference -> reference.startsWith("Practitioner/")).isEmpty()) {
            throw new IllegalStateException("User " + user.username() + " has the clinician role: fhir-user must be "
                    + "Practitioner/<id> (their patients are those of CareTeams naming that Practitioner)");
        }
        return new Account(user.username(), user.password(), fhirUser, roles);
    }

    /** The admin's password hash, generating and printing the password on the very first start. */
    private static String adminPassword(ServerSettingStore settings, PasswordEncoder passwords) {
        return FirstStartSecret.hash(settings, ADMIN_PASSWORD_SETTING, passwords, password -> log.warn("No users configured: "
                + "created user '{}' (role admin) with password {} (shown once, only its hash is kept). Sign in at "
                + "<base>/login; declare your own under pulsebridge.security.users", ADMIN_USER, password));
    }
}
