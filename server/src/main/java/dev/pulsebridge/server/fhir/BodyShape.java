package dev.pulsebridge.server.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Measures a request body's nesting depth and element count with a streaming read, before any resource
 * is built from it: a body can be small and still cost a parser its stack (thousands of nested
 * extensions) or the heap (millions of tiny values). Stops at the first bound crossed.
 *
 * <p>JSON counts every value, object and array; XML every element and attribute. Bodies that are neither
 * (form posts) are not this class's business, and malformed ones are left to the FHIR parser's own errors.
 */
final class BodyShape {

    private static final JsonFactory JSON = JsonFactory.builder()
            // the depth bound is ours; Jackson's own (1000) must not answer first with a different message
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build();
    private static final XMLInputFactory XML = xmlFactory();

    private final int maxDepth;
    private final long maxElements;

    BodyShape(int maxDepth, long maxElements) {
        this.maxDepth = maxDepth;
        this.maxElements = maxElements;
    }

    /** Why the body is refused, or null when it is within both bounds. */
    String refusal(byte[] body) {
        int first = firstSignificant(body);
        if (first < 0) {
            return null;
        }
        try {
            return switch (body[first]) {
                case '{', '[' -> json(body);
                case '<' -> xml(body);
                default -> null;
            };
        } catch (IOException | XMLStreamException malformed) {
            return null;
        }
    }

    private String json(byte[] body) throws IOException {
        int depth = 0;
        long elements = 0;
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > maxDepth) {
                            return tooDeep();
                        }
                        elements++;
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        continue;
                    }
                    default -> elements++;
                }
                if (elements > maxElements) {
                    return tooMany();
                }
            }
        }
        return null;
    }

    private String xml(byte[] body) throws XMLStreamException {
        int depth = 0;
        long elements = 0;
        XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (++depth > maxDepth) {
                        return tooDeep();
                    }
                    elements += 1 + reader.getAttributeCount();
                    if (elements > maxElements) {
                        return tooMany();
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } finally {
            reader.close();
        }
        return null;
    }

    private String tooDeep() {
        return "The request body nests deeper than " + maxDepth + " levels (pulsebridge.fhir.max-depth)";
    }

    private String tooMany() {
        return "The request body holds more than " + maxElements + " elements (pulsebridge.fhir.max-elements); "
                + "split a large transaction into several";
    }

    private static int firstSignificant(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < body.length; i++) {
            if (!Character.isWhitespace(body[i])) {
                return i;
            }
        }
        return -1;
    }

    /** No DTDs and no external entities: the body is only measured, and measuring must not fetch or expand. */
    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }
}
