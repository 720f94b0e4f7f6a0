package dev.pulsebridge.server.readings;

import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Whether the read model is kept ({@code pulsebridge.readings.enabled}, on unless measuring its cost). */
@Component
class ReadModelSwitch {

    private final boolean on;

    ReadModelSwitch(@Value("${pulsebridge.readings.enabled:true}") boolean on) {
        this.on = on;
    }

    boolean on() {
        return on;
    }

    /** An operation answered from the read model refuses to answer from one that is not kept. */
    void required(String operation) {
        if (!on) {
            throw new NotImplementedOperationException(operation + " is switched off on this server "
                    + "(pulsebridge.readings.enabled=false)");
        }
    }
}
