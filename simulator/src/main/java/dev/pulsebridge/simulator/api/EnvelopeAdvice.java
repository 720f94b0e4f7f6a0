package dev.pulsebridge.simulator.api;

import java.util.Map;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Withings answers failures with HTTP 200 and the status in the envelope; so does the simulator. */
@RestControllerAdvice(basePackages = {"dev.pulsebridge.simulator.oauth", "dev.pulsebridge.simulator.data",
        "dev.pulsebridge.simulator.notify"})
class EnvelopeAdvice {

    @ExceptionHandler(Faults.HttpFailure.class)
    org.springframework.http.ResponseEntity<String> httpFailure(Faults.HttpFailure failure) {
        return org.springframework.http.ResponseEntity.status(failure.httpStatus()).body(failure.getMessage());
    }

    @ExceptionHandler(WithingsError.class)
    Map<String, Object> withingsError(WithingsError error) {
        return Envelope.error(error);
    }
}
