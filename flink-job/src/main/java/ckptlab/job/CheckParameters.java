package ckptlab.job;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses argument lists without running anything, so workload/ can check that the job accepts what
 * it renders and refuses what it refuses. Reads one JSON array of arguments per line from stdin and
 * prints one JSON object per line: {@code {"ok":true,"values":{…}}} or {@code
 * {"ok":false,"error":"…"}}.
 */
public final class CheckParameters {

    private CheckParameters() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode list = mapper.readTree(line);
            String[] jobArgs = new String[list.size()];
            for (int i = 0; i < jobArgs.length; i++) {
                jobArgs[i] = list.get(i).asText();
            }
            ObjectNode result = mapper.createObjectNode();
            try {
                Map<String, Object> values = ParameterTable.get().parse(jobArgs);
                result.put("ok", true);
                result.set("values", mapper.valueToTree(values));
            } catch (ParameterTable.InvalidParameterException e) {
                result.put("ok", false);
                result.put("error", e.getMessage());
            }
            System.out.println(result);
        }
    }
}
