package dev.pulsebridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time PostgreSQL has spent, from /proc: every live {@code postgres} process, plus what its exited
 * backends left with the postmaster when it reaped them. Read before and after a scenario, the difference
 * is what that scenario cost the database (the driver runs one scenario at a time).
 */
final class PostgresCpu {

    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private PostgresCpu() {
    }

    /** @return seconds of user + system CPU; NaN where /proc cannot be read */
    static double seconds() {
        Map<Long, long[]> postgres = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(process -> {
                long[] stat = stat(process);
                if (stat != null) {
                    postgres.put(Long.parseLong(process.getFileName().toString()), stat);
                }
            });
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        long ticks = 0;
        for (long[] stat : postgres.values()) {
            ticks += stat[1] + stat[2];
            boolean postmaster = !postgres.containsKey(stat[0]);
            if (postmaster) {
                ticks += stat[3] + stat[4];
            }
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    /** {ppid, utime, stime, cutime, cstime} of a postgres process, else null. */
    private static long[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (!stat.substring(open + 1, close).equals("postgres")) {
                return null;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
