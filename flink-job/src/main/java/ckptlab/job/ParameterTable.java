package ckptlab.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The workload's parameter table, read from {@code parameters.json} — the file workload/
 * (TypeScript) reads too — and the parsing and validation of {@code --name value} arguments against
 * it.
 */
public final class ParameterTable {

    /** One declared parameter: name, type, default and allowed values. */
    static final class Spec {
        final String name;
        final String type;
        final JsonNode defaultValue;
        final long min;
        final long max;
        final List<Long> alsoAllowed;
        final List<String> values;

        Spec(String name, JsonNode node) {
            this.name = name;
            this.type = node.get("type").asText();
            this.defaultValue = node.get("default");
            this.min = node.has("min") ? node.get("min").asLong() : Long.MIN_VALUE;
            this.max = node.has("max") ? node.get("max").asLong() : Long.MAX_VALUE;
            List<Long> also = new ArrayList<>();
            if (node.has("alsoAllowed")) {
                node.get("alsoAllowed").forEach(v -> also.add(v.asLong()));
            }
            this.alsoAllowed = Collections.unmodifiableList(also);
            List<String> vs = new ArrayList<>();
            if (node.has("values")) {
                node.get("values").forEach(v -> vs.add(v.asText()));
            }
            this.values = Collections.unmodifiableList(vs);
        }

        /** What this parameter accepts, in the words every error message uses. */
        String allowed() {
            switch (type) {
                case "integer":
                    String range = "an integer from " + min + " to " + max;
                    for (Long v : alsoAllowed) {
                        range += " or " + v;
                    }
                    return range;
                case "integerList":
                    return "comma-separated integers from " + min + " to " + max;
                case "enum":
                    return "one of " + String.join(", ", values);
                case "boolean":
                    return "true or false";
                default:
                    throw new IllegalStateException("unknown parameter type " + type);
            }
        }
    }

    private static final ParameterTable INSTANCE = load();

    private final Map<String, Spec> specs;

    /** {parameter, "atMost" | "requires", other parameter}. */
    private final List<String[]> constraints;

    private ParameterTable(Map<String, Spec> specs, List<String[]> constraints) {
        this.specs = specs;
        this.constraints = constraints;
    }

    /** The table bundled with the job. */
    public static ParameterTable get() {
        return INSTANCE;
    }

    private static ParameterTable load() {
        try (InputStream in = ParameterTable.class.getResourceAsStream("parameters.json")) {
            if (in == null) {
                throw new IllegalStateException("parameters.json is missing from the job jar");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Spec> specs = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = root.get("parameters").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                specs.put(field.getKey(), new Spec(field.getKey(), field.getValue()));
            }
            List<String[]> constraints = new ArrayList<>();
            for (JsonNode c : root.get("constraints")) {
                String kind = c.has("atMost") ? "atMost" : "requires";
                constraints.add(
                        new String[] {c.get("parameter").asText(), kind, c.get(kind).asText()});
            }
            return new ParameterTable(Collections.unmodifiableMap(specs), constraints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read parameters.json", e);
        }
    }

    /**
     * Parses {@code --name value} pairs (a boolean may stand alone, meaning true) into typed
     * values: {@code Long}, {@code String}, {@code Boolean} or {@code long[]}, with defaults filled
     * in. Parameters without a default that were not given are absent from the result.
     *
     * @throws InvalidParameterException naming the parameter, the value and what is allowed
     */
    public Map<String, Object> parse(String[] args) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new InvalidParameterException(
                        "Unexpected argument '"
                                + arg
                                + "'. Arguments are --name value pairs; allowed names: "
                                + names());
            }
            String name = arg.substring(2);
            Spec spec = specs.get(name);
            if (spec == null) {
                throw new InvalidParameterException(
                        "Unknown parameter --" + name + ". Allowed parameters: " + names());
            }
            if (raw.containsKey(name)) {
                throw new InvalidParameterException("Parameter --" + name + " is given twice.");
            }
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            if (hasValue) {
                raw.put(name, args[++i]);
            } else if (spec.type.equals("boolean")) {
                raw.put(name, "true");
            } else {
                throw new InvalidParameterException(
                        "Missing value for --" + name + ". Allowed: " + spec.allowed() + ".");
            }
        }

        Map<String, Object> values = new LinkedHashMap<>();
        for (Spec spec : specs.values()) {
            if (raw.containsKey(spec.name)) {
                values.put(spec.name, convert(spec, raw.get(spec.name)));
            } else if (spec.defaultValue != null && !spec.defaultValue.isNull()) {
                values.put(spec.name, convert(spec, spec.defaultValue.asText()));
            }
        }
        for (String[] c : constraints) {
            Object left = values.get(c[0]);
            Object right = values.get(c[2]);
            if (left == null) {
                continue;
            }
            if (c[1].equals("atMost") && right != null && (Long) left > (Long) right) {
                throw new InvalidParameterException(
                        "Invalid value for --"
                                + c[0]
                                + ": '"
                                + render(left)
                                + "'. Allowed: at most --"
                                + c[2]
                                + " ("
                                + render(right)
                                + ").");
            }
            if (c[1].equals("requires") && right == null) {
                throw new InvalidParameterException(
                        "Invalid value for --"
                                + c[0]
                                + ": '"
                                + render(left)
                                + "'. Allowed: only together with --"
                                + c[2]
                                + ".");
            }
        }
        return values;
    }

    /** A value as it is written on the command line (lists comma-separated). */
    private static String render(Object value) {
        if (value instanceof long[]) {
            return java.util.Arrays.stream((long[]) value)
                    .mapToObj(Long::toString)
                    .collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    private static Object convert(Spec spec, String text) {
        switch (spec.type) {
            case "integer":
                long v = parseInteger(spec, text, text);
                if ((v < spec.min || v > spec.max) && !spec.alsoAllowed.contains(v)) {
                    throw invalid(spec, text);
                }
                return v;
            case "integerList":
                String[] parts = text.split(",", -1);
                long[] list = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    list[i] = parseInteger(spec, parts[i].trim(), text);
                    if (list[i] < spec.min || list[i] > spec.max) {
                        throw invalid(spec, text);
                    }
                }
                return list;
            case "enum":
                if (!spec.values.contains(text)) {
                    throw invalid(spec, text);
                }
                return text;
            case "boolean":
                if (!text.equals("true") && !text.equals("false")) {
                    throw invalid(spec, text);
                }
                return Boolean.valueOf(text);
            default:
                throw new IllegalStateException("unknown parameter type " + spec.type);
        }
    }

    private static long parseInteger(Spec spec, String text, String whole) {
        if (!text.matches("-?[0-9]{1,19}")) {
            throw invalid(spec, whole);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(spec, whole);
        }
    }

    private static InvalidParameterException invalid(Spec spec, String text) {
        return new InvalidParameterException(
                "Invalid value for --"
                        + spec.name
                        + ": '"
                        + text
                        + "'. Allowed: "
                        + spec.allowed()
                        + ".");
    }

    private String names() {
        return specs.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", "));
    }

    /** A parameter that is unknown, given twice, missing its value, or out of its allowed range. */
    public static final class InvalidParameterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidParameterException(String message) {
            super(message);
        }
    }
}
