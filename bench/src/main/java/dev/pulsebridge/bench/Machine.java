package dev.pulsebridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** How busy the machine is before a scenario: the one-minute load average against the cores. */
final class Machine {

    private Machine() {
    }

    /** The one-minute load average, NaN where /proc cannot be read. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /**
     * Records the load average before a scenario in the run's context, and warns on the console when the
     * machine was already busy (more runnable work than it has cores: other tenants, or what the previous
     * scenario left running): that scenario's figures are then suspect, whatever the code did.
     */
    static void recordLoad(Table table, String scenario) {
        double load = loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        table.context("loadAverage." + scenario, load);
        if (load > cores) {
            String warning = String.format(java.util.Locale.ROOT,
                    "machine busy before '%s': load average %.2f on %d cores", scenario, load, cores);
            table.warn(warning);
            System.out.println("   WARNING: " + warning);
        }
    }
}
