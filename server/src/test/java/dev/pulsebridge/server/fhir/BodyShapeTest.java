package dev.pulsebridge.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyShapeTest {

    private final BodyShape shape = new BodyShape(5, 20);

    private String refusal(String body) {
        return shape.refusal(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonWithinBothBoundsPasses() {
        assertThat(refusal("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\",\"Bo\"]}]}")).isNull();
    }

    @Test
    void jsonNestedOneLevelTooDeepIsRefusedForDepth() {
        assertThat(refusal("{\"a\":[{\"b\":[{\"c\":[1]}]}]}")).contains("deeper than 5 levels");
    }

    @Test
    void jsonWithMoreValuesThanTheBoundIsRefusedForElements() {
        assertThat(refusal("[" + "1,".repeat(20) + "1]")).contains("more than 20 elements");
    }

    @Test
    void xmlElementsAndAttributesCountAndNestingIsMeasured() {
        assertThat(refusal("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"x\"/></Patient>")).isNull();
        assertThat(refusal("<a><b><c><d><e><f/></e></d></c></b></a>")).contains("deeper than 5 levels");
        assertThat(refusal("<a>" + "<b value=\"1\"/>".repeat(10) + "</a>")).contains("more than 20 elements");
    }

    @Test
    void anXmlBodyDeclaringEntitiesIsNotExpandedWhileMeasured() {
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"xxxxxxxx\">"
                + "<!ENTITY y \"&x;&x;&x;&x;&x;&x;&x;&x;\">]><a>&y;</a>";

        assertThat(refusal(billionLaughs)).as("measuring neither expands the entities nor fails on them").isNull();
    }

    @Test
    void formBodiesAndMalformedBodiesAreLeftToTheirOwnParsers() {
        assertThat(refusal("subject=Patient/1&code=x")).isNull();
        assertThat(refusal("{\"a\": [1, 2")).isNull();
        assertThat(refusal("   ")).isNull();
    }
}
