package dev.pulsebridge.server.settings;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Server-wide values kept in {@code pulsebridge_setting}, shared by every instance on the database. */
@Repository
public class ServerSettingStore {

    private final JdbcClient jdbc;

    ServerSettingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        return jdbc.sql("select setting_value from pulsebridge_setting where setting_name = ?").param(name).query(String.class).optional();
    }

    /** The stored value, or {@code initial} stored now; when two instances race, both end up with the first. */
    public String getOrCreate(String name, Supplier<String> initial) {
        Optional<String> existing = get(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("insert into pulsebridge_setting (setting_name, setting_value) values (?, ?) on conflict do nothing")
                .params(name, initial.get()).update();
        return get(name).orElseThrow();
    }
}
