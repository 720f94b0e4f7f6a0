package dev.pulsebridge.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each of Pulsebridge's own tables has one owning package, and only code in that package names the
 * table in SQL; everyone else calls the owner's API. Read from the sources and the Flyway migrations,
 * so a new table without an owner, or a query reaching into another feature's table, fails here.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/pulsebridge/server");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Table -> the package (under dev.pulsebridge.server) that alone writes SQL against it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("withings_account", "withings/account"),
            Map.entry("withings_link", "withings/link"),
            Map.entry("webhook_inbox", "withings/webhook"),
            Map.entry("rate_limit_bucket", "withings/ratelimit"),
            Map.entry("rate_limit_slot", "withings/ratelimit"),
            Map.entry("pulsebridge_setting", "settings"),
            Map.entry("sync_job", "sync"),
            Map.entry("sync_account", "sync"),
            Map.entry("sync_cursor", "sync"),
            Map.entry("synced_record", "sync"),
            Map.entry("subscription_delivery", "subscription"),
            Map.entry("subscription_event", "subscription"),
            Map.entry("subscription_ws_token", "subscription"),
            Map.entry("audit_outbox", "audit"),
            Map.entry("oauth_authorization", "security"),
            Map.entry("managed_user", "security"),
            Map.entry("managed_client", "security"),
            Map.entry("subscription_owner", "security"),
            Map.entry("reading", "readings"),
            Map.entry("reading_series", "readings"),
            Map.entry("instance_heartbeat", "background"));

    private static final Pattern CREATE_TABLE = Pattern.compile("create table (\\w+)", Pattern.CASE_INSENSITIVE);

    @Test
    void everyTableTheMigrationsCreateHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                Matcher matcher = CREATE_TABLE.matcher(Files.readString(file));
                while (matcher.find()) {
                    created.add(matcher.group(1).toLowerCase());
                }
            }
        }
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void onlyTheOwningPackageNamesATableInSql() throws IOException {
        List<String> trespasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('\\', '/');
                OWNERS.forEach((table, owner) -> {
                    if (!pkg.equals(owner) && namesInSql(source, table)) {
                        trespasses.add(SOURCES.relativize(file) + " names " + table + " (owned by " + owner + ")");
                    }
                });
            }
        }
        assertThat(trespasses).isEmpty();
    }

    /** The table after a SQL keyword that reads or writes it (comments and identifiers merely containing it do not count). */
    private static boolean namesInSql(String source, String table) {
        return Pattern.compile("(?i)\\b(from|into|update|join|table)\\s+" + table + "\\b").matcher(source).find();
    }
}
