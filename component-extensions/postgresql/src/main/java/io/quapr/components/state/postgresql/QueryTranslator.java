package io.quapr.components.state.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates Dapr's state query language into one SQL statement over daprd's v1 table.
 *
 * <p>
 * Field names are dotted paths into the JSON value ({@code person.org}), as daprd reads them;
 * each becomes a {@code text[]} parameter of the {@code #>} operator, so array elements can be
 * addressed by index too. Every user-supplied string, path or number is a bind parameter: only
 * the table name (checked at start) and fixed keywords are written into the SQL text.
 *
 * <p>
 * Where daprd compares the text of a field, this compares {@code jsonb} values: {@code EQ},
 * {@code NEQ} and {@code IN} match the JSON value exactly (so {@code {"EQ": {"n": 5}}} finds
 * {@code 5} and {@code 5.0} but not {@code "5"}), and the range operators take numbers only and
 * compare them as numbers ({@code 10 > 9}, where daprd's text comparison says otherwise). Sorting
 * uses jsonb order (numbers numerically, strings by collation) and ends with the key, so pages
 * are stable. Expired rows are never returned.
 */
final class QueryTranslator {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * The statement to run. Its columns are {@code key, value::text, isbinary, xmin::text}.
     *
     * @param sql the SQL text with {@code $n} placeholders
     * @param params the parameters, in order
     * @param limit the page size asked for, or {@code 0} for no limit
     * @param offset how many rows earlier pages returned (from the page token)
     */
    record Translated(String sql, List<Object> params, int limit, long offset) {
    }

    private final List<Object> params = new ArrayList<>();

    private QueryTranslator() {
    }

    /**
     * Translates a query.
     *
     * @param query the query document as the client sent it
     * @param tableName the state table (already checked to be an identifier)
     * @param now the time against which expiry is judged
     * @throws IllegalArgumentException for a query that does not parse or that this store cannot run
     */
    static Translated translate(String query, String tableName, OffsetDateTime now) {
        JsonNode root;
        try {
            root = JSON.readTree(query);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("query is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("query must be a JSON object");
        }
        return new QueryTranslator().build(root, tableName, now);
    }

    private Translated build(JsonNode root, String tableName, OffsetDateTime now) {
        StringBuilder sql = new StringBuilder("SELECT key, value::text, isbinary, xmin::text FROM ").append(tableName)
                .append(" WHERE (expiredate IS NULL OR expiredate > ").append(param(now)).append(')');
        JsonNode filter = root.path("filter");
        if (!filter.isMissingNode() && !filter.isNull() && !(filter.isObject() && filter.isEmpty())) {
            sql.append(" AND ").append(filter(filter));
        }

        sql.append(" ORDER BY ");
        JsonNode sort = root.path("sort");
        if (!sort.isMissingNode() && !sort.isNull() && !sort.isArray()) {
            throw new IllegalArgumentException("query 'sort' must be an array");
        }
        for (JsonNode item : sort) {
            sql.append("value #> ").append(path(item.path("key").asText(""))).append(' ')
                    .append(order(item.path("order"))).append(", ");
        }
        sql.append("key ASC");

        JsonNode page = root.path("page");
        int limit = page.path("limit").asInt(0);
        long offset = offset(page.path("token"));
        if (limit > 0) {
            sql.append(" LIMIT ").append(param((long) limit));
        }
        if (offset > 0) {
            sql.append(" OFFSET ").append(param(offset));
        }
        return new Translated(sql.toString(), List.copyOf(params), Math.max(limit, 0), offset);
    }

    private String filter(JsonNode unit) {
        if (!unit.isObject() || unit.size() != 1) {
            throw new IllegalArgumentException("filter unit must be an object with a single element");
        }
        Map.Entry<String, JsonNode> only = unit.properties().iterator().next();
        String op = only.getKey();
        JsonNode arg = only.getValue();
        return switch (op) {
            case "AND", "OR" -> combine(op, arg);
            case "EQ" -> compare(op, arg, "=");
            case "NEQ" -> compare(op, arg, "<>");
            case "GT" -> range(op, arg, ">");
            case "GTE" -> range(op, arg, ">=");
            case "LT" -> range(op, arg, "<");
            case "LTE" -> range(op, arg, "<=");
            case "IN" -> in(arg);
            default -> throw new IllegalArgumentException("unsupported filter \"" + op + "\"");
        };
    }

    private String combine(String op, JsonNode arg) {
        if (!arg.isArray() || arg.size() < 2) {
            throw new IllegalArgumentException(op + " filter must be an array of at least two entries");
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode unit : arg) {
            parts.add(filter(unit));
        }
        return "(" + String.join(" " + op + " ", parts) + ")";
    }

    private String compare(String op, JsonNode arg, String sqlOp) {
        Map.Entry<String, JsonNode> field = single(op, arg);
        return "value #> " + path(field.getKey()) + " " + sqlOp + " " + param(jsonText(field.getValue()))
                + "::text::jsonb";
    }

    /** Range comparisons take numbers only, and only numbers match: jsonb orders all strings below numbers. */
    private String range(String op, JsonNode arg, String sqlOp) {
        Map.Entry<String, JsonNode> field = single(op, arg);
        if (!field.getValue().isNumber()) {
            throw new IllegalArgumentException("unsupported type of value " + field.getValue() + " for " + op
                    + "; only numbers are permitted");
        }
        String path = path(field.getKey());
        return "(jsonb_typeof(value #> " + path + ") = 'number' AND value #> " + path + " " + sqlOp + " "
                + param(jsonText(field.getValue())) + "::text::jsonb)";
    }

    private String in(JsonNode arg) {
        Map.Entry<String, JsonNode> field = single("IN", arg);
        if (!field.getValue().isArray()) {
            throw new IllegalArgumentException("IN filter value must be an array");
        }
        if (field.getValue().isEmpty()) {
            throw new IllegalArgumentException("empty IN operator for key \"" + field.getKey() + "\"");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : field.getValue()) {
            values.add(jsonText(v));
        }
        return "value #> " + path(field.getKey()) + " = ANY(" + param(values.toArray(String[]::new))
                + "::text[]::jsonb[])";
    }

    private static Map.Entry<String, JsonNode> single(String op, JsonNode arg) {
        if (!arg.isObject() || arg.size() != 1) {
            throw new IllegalArgumentException(op + " filter must contain a single key/value pair");
        }
        Iterator<Map.Entry<String, JsonNode>> it = arg.properties().iterator();
        return it.next();
    }

    /** {@code person.org} as a {@code text[]} parameter: {@code {person,org}}. */
    private String path(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("query field name must not be empty");
        }
        String[] parts = key.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("query field name '" + key + "' has an empty part");
            }
        }
        return param(parts) + "::text[]";
    }

    private static String order(JsonNode order) {
        String o = order.asText("").trim().toUpperCase(Locale.ROOT);
        return switch (o) {
            case "", "ASC" -> "ASC";
            case "DESC" -> "DESC";
            default ->
                throw new IllegalArgumentException("sort order must be ASC or DESC, not '" + order.asText() + "'");
        };
    }

    /** The page token is the number of rows earlier pages returned, as daprd writes it. */
    private static long offset(JsonNode token) {
        String t = token.asText("");
        if (t.isEmpty()) {
            return 0;
        }
        try {
            long offset = Long.parseLong(t);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid page token '" + t + "'");
    }

    private static String jsonText(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("query value cannot be written as JSON", e);
        }
    }

    private String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }
}
