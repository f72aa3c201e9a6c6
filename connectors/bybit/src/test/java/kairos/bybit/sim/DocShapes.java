package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a simulator answer with a documented example: every field of the example must be there with the same
 * JSON type (string, number, boolean, object, array), recursively; arrays are compared by their first elements.
 * Objects keyed by data (fee details by coin, permissions by group) are compared as objects only.
 */
final class DocShapes {
    private static final Set<String> KEYED_BY_DATA = Set.of("cumFeeDetail", "permissions", "retExtInfo", "preListingInfo");
    /** Fields the documentation itself shows with more than one type ("" or a list). */
    private static final Set<String> EITHER_TYPE = Set.of("extraFees");

    private DocShapes() {
    }

    static JsonNode fixture(String name) {
        try (InputStream in = DocShapes.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return SimClient.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSameShape(String fixture, JsonNode actual) {
        List<String> problems = new ArrayList<>();
        compare("$", fixture(fixture), actual, problems);
        assertThat(problems).as("differences from the documented " + fixture + " in " + actual).isEmpty();
    }

    private static void compare(String path, JsonNode doc, JsonNode actual, List<String> problems) {
        if (actual == null) {
            problems.add(path + " missing");
            return;
        }
        if (doc.isNull()) {
            return;
        }
        if (doc.getNodeType() != actual.getNodeType()) {
            problems.add(path + " is " + actual.getNodeType() + " (" + actual + "), documented " + doc.getNodeType() + " (" + doc + ")");
            return;
        }
        if (doc.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (!actual.has(name)) {
                    problems.add(path + "." + name + " missing");
                } else if (KEYED_BY_DATA.contains(name)) {
                    if (!e.getValue().isNull() && e.getValue().getNodeType() != actual.get(name).getNodeType()) {
                        problems.add(path + "." + name + " is " + actual.get(name).getNodeType());
                    }
                } else if (!EITHER_TYPE.contains(name)) {
                    compare(path + "." + name, e.getValue(), actual.get(name), problems);
                }
            }
        } else if (doc.isArray() && !doc.isEmpty() && !actual.isEmpty()) {
            compare(path + "[0]", doc.get(0), actual.get(0), problems);
        }
    }
}
