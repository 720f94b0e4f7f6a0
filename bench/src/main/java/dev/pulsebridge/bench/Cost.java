package dev.pulsebridge.bench;

/**
 * What some work cost: wall time, and CPU of the server process and of PostgreSQL from /proc. CPU per
 * unit of work is what a change is judged by on a shared, noisy machine; wall time is shown beside it.
 */
record Cost(int units, double seconds, double serverCpuSeconds, double postgresCpuSeconds) {

    static final Cost NONE = new Cost(0, 0, 0, 0);

    /** Runs the work and measures it; {@code work} returns how many units it did. */
    static Cost of(FhirTarget target, java.util.function.IntSupplier work) {
        double server = target.process().cpuSeconds();
        double postgres = PostgresCpu.seconds();
        long started = System.nanoTime();
        int units = work.getAsInt();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Cost(units, seconds, target.process().cpuSeconds() - server, PostgresCpu.seconds() - postgres);
    }

    Cost plus(Cost other) {
        return new Cost(units + other.units, seconds + other.seconds, serverCpuSeconds + other.serverCpuSeconds,
                postgresCpuSeconds + other.postgresCpuSeconds);
    }

    double perSecond() {
        return units / seconds;
    }

    double serverCpuMillisPerUnit() {
        return serverCpuSeconds * 1000 / units;
    }

    double postgresCpuMillisPerUnit() {
        return postgresCpuSeconds * 1000 / units;
    }
}
