package io.quapr.components.bindings.postgresql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.components.postgresql.ClientOptions;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.data.Interval;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.Dependent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code bindings.postgresql}: SQL statements against a PostgreSQL database, as daprd's
 * PostgreSQL output binding runs them. The request metadata {@code sql} holds the statement and
 * {@code params} an optional JSON array of its {@code $1, $2, ...} arguments; {@code exec}
 * answers the affected row count in the metadata {@code rows-affected}, {@code query} answers the
 * rows as a JSON array of arrays (each row its column values in order, typed as pgx hands them to
 * Go's JSON encoder), both with {@code operation}, {@code sql}, {@code start-time},
 * {@code end-time} and {@code duration}. {@code close} closes the pool for good, as daprd's does:
 * later calls fail. The connection settings are the module's shared ones ({@link ClientOptions}).
 */
@Dependent
@ComponentType(value = "bindings.postgresql", aliases = "bindings.postgres")
public class PostgresBinding implements OutputBinding {

    private static final Logger LOG = Logger.getLogger(PostgresBinding.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    /** Names of the statements described with {@code PREPARE}, unique within the process. */
    private static final AtomicLong STATEMENTS = new AtomicLong();
    /** Types whose parameters take a Java string as it is: the text types. */
    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "character", "name",
            "\"char\"", "unknown");

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    // written once by init, read by any thread afterwards; null once closed
    private volatile Pool pool;
    private volatile boolean closed;
    private volatile Clock clock = Clock.systemUTC();

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public PostgresBinding() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            Duration timeout = timeout(metadata);
            ClientOptions.Built client = ClientOptions.fromMetadata(metadata, System.getenv(), timeout);
            client.warnings().forEach(w -> LOG.warnf("Component '%s': %s", metadata.componentName(), w));
            clock = context.clock();
            pool = PgBuilder.pool().with(client.pool()).connectingTo(client.connect()).using(context.vertx())
                    .build();
            return uni(() -> pool.query("SELECT 1").execute()).replaceWithVoid().onFailure().call(this::close);
        });
    }

    /** daprd's {@code timeout} (older name {@code timeoutInSeconds}): 20 s unless set, at least 1 s. */
    static Duration timeout(ComponentMetadata md) {
        String key = md.get("timeout").isPresent() ? "timeout" : "timeoutInSeconds";
        Duration timeout = md.duration(key, DEFAULT_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new MetadataException("invalid value for 'timeout': must be greater than 1s");
        }
        return timeout;
    }

    @Override
    public List<String> operations() {
        return List.of("exec", "query", "close");
    }

    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        // as daprd: close succeeds however often it is asked, even on a closed component
        if ("close".equals(request.operation())) {
            return close().replaceWith((InvokeResponse) null);
        }
        Pool p = pool;
        if (closed || p == null) {
            return Uni.createFrom().failure(new IllegalStateException("component is closed"));
        }
        String sql = request.metadata().getOrDefault("sql", "");
        if (sql.isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException("required metadata not set: sql"));
        }
        Tuple params;
        try {
            params = params(request.metadata().get("params"));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        Instant start = clock.instant();
        Map<String, String> md = new LinkedHashMap<>();
        md.put("operation", request.operation());
        md.put("sql", sql);
        md.put("start-time", rfc3339Nano(start));
        Uni<byte[]> run = switch (request.operation()) {
            case "exec" -> execute(p, sql, params, true).map(rows -> {
                md.put("rows-affected", Integer.toString(lastResult(rows).rowCount()));
                return new byte[0];
            });
            case "query" -> execute(p, sql, params, false).map(PostgresBinding::rowsJson);
            default -> Uni.createFrom().failure(new UnsupportedOperationException("invalid operation type: "
                    + request.operation() + ". Expected exec, query, or close"));
        };
        return run.map(data -> {
            Instant end = clock.instant();
            md.put("end-time", rfc3339Nano(end));
            md.put("duration", goDuration(Duration.between(start, end)));
            return new InvokeResponse(data, Map.copyOf(md));
        });
    }

    private static Uni<RowSet<Row>> execute(Pool p, String sql, Tuple params, boolean exec) {
        // pgx runs an exec without arguments in the simple protocol, where one request may hold
        // several statements; a query always goes through the extended protocol
        Supplier<Future<RowSet<Row>>> run;
        if (exec && params.size() == 0) {
            run = () -> p.query(sql).execute();
        } else if (hasText(params)) {
            run = () -> p.withConnection(conn -> withTextArguments(conn, sql, params));
        } else {
            run = () -> p.preparedQuery(sql).execute(params);
        }
        return uni(run).onFailure().transform(e -> new IllegalStateException("error executing query: "
                + e.getMessage(), e));
    }

    private static boolean hasText(Tuple params) {
        for (int i = 0; i < params.size(); i++) {
            if (params.getValue(i) instanceof String) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a statement whose arguments include JSON strings. pgx sends a string argument in text
     * format whatever the parameter's type, so the server parses it ({@code "2024-01-02T03:04:05Z"}
     * into a timestamp, {@code "{1,2}"} into an array); this client encodes each argument by the
     * parameter's type and refuses a string for most. So the statement is first described (with
     * SQL's {@code PREPARE}, on the same connection) to learn its parameter types, and each such
     * parameter becomes {@code ($n::text)::<type>}: the argument goes as text, and the server's cast
     * parses it as pgx's text argument would be parsed. A statement that cannot be prepared runs as
     * it is, so its own error is reported.
     */
    private static Future<RowSet<Row>> withTextArguments(SqlConnection conn, String sql, Tuple params) {
        String name = "quapr_binding_" + STATEMENTS.incrementAndGet();
        Future<String> rewritten = conn.query("PREPARE " + name + " AS " + sql).execute()
                .compose(prepared -> conn
                        .preparedQuery("SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = $1")
                        .execute(Tuple.of(name))
                        .map(rows -> castTextArguments(sql, params, rows.iterator().next().getArrayOfStrings(0)))
                        .transform(described -> conn.query("DEALLOCATE " + name).execute()
                                .transform(ignored -> described.succeeded()
                                        ? Future.succeededFuture(described.result())
                                        : Future.failedFuture(described.cause()))))
                .otherwise(sql);
        return rewritten.compose(text -> conn.preparedQuery(text).execute(params));
    }

    /**
     * The statement with each parameter that receives a string, and is not of a text type,
     * written as {@code ($n::text)::<type>}.
     *
     * @param sql the statement
     * @param params the arguments
     * @param types the parameters' types as PostgreSQL names them, by position
     */
    static String castTextArguments(String sql, Tuple params, String[] types) {
        Map<Integer, String> casts = new LinkedHashMap<>();
        for (int i = 0; i < params.size() && i < types.length; i++) {
            if (params.getValue(i) instanceof String && types[i] != null && !TEXT_TYPES.contains(types[i])) {
                casts.put(i + 1, types[i]);
            }
        }
        return casts.isEmpty() ? sql : replaceParameters(sql, casts);
    }

    /**
     * Replaces the parameter references {@code $n} named in {@code casts}, outside string
     * literals, quoted identifiers, dollar-quoted strings and comments.
     */
    static String replaceParameters(String sql, Map<Integer, String> casts) {
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                // E'...' strings escape with backslashes; all double a quote to escape it
                boolean backslashes = c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                end = i + 1;
                while (end < n) {
                    char d = sql.charAt(end);
                    if (backslashes && d == '\\') {
                        end += 2;
                    } else if (d == c) {
                        end++;
                        if (end < n && sql.charAt(end) == c) {
                            end++;
                        } else {
                            break;
                        }
                    } else {
                        end++;
                    }
                }
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                // block comments nest in PostgreSQL
                int depth = 1;
                end = i + 2;
                while (end < n && depth > 0) {
                    if (sql.startsWith("/*", end)) {
                        depth++;
                        end += 2;
                    } else if (sql.startsWith("*/", end)) {
                        depth--;
                        end += 2;
                    } else {
                        end++;
                    }
                }
            } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                int digits = i + 1;
                while (digits < n && Character.isDigit(sql.charAt(digits))) {
                    digits++;
                }
                if (digits > i + 1) {
                    end = digits;
                    int index = Integer.parseInt(sql.substring(i + 1, digits));
                    String type = casts.get(index);
                    out.append(type == null ? sql.substring(i, end) : "($" + index + "::text)::" + type);
                    i = end;
                    continue;
                }
                // a dollar-quoted string: $tag$ ... $tag$
                int tagEnd = digits;
                while (tagEnd < n && isIdentifierPart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '$') {
                    tagEnd++;
                }
                if (tagEnd < n && sql.charAt(tagEnd) == '$') {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    end = close < 0 ? n : close + tag.length();
                } else {
                    end = i + 1;
                }
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** pgx reports the command tag of the last statement of a multi-statement exec. */
    private static RowSet<Row> lastResult(RowSet<Row> rows) {
        RowSet<Row> last = rows;
        while (last.next() != null) {
            last = last.next();
        }
        return last;
    }

    /**
     * The request's {@code params}: a JSON array, each element one argument as Go's JSON decoder
     * reads it (numbers, strings, booleans, {@code null}; arrays and objects for JSON columns).
     *
     * @param text the metadata value; {@code null} or empty for none
     * @throws IllegalArgumentException worded as daprd's error
     */
    static Tuple params(String text) {
        Tuple tuple = Tuple.tuple();
        if (text == null || text.isEmpty()) {
            return tuple;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "invalid metadata property params: failed to unserialize into an array: " + e.getMessage(), e);
        }
        if (root == null || !(root.isArray() || root.isNull())) {
            throw new IllegalArgumentException("invalid metadata property params: failed to unserialize into an"
                    + " array: the value is not a JSON array");
        }
        for (JsonNode n : root) {
            tuple.addValue(argument(n));
        }
        return tuple;
    }

    private static Object argument(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        return n.isArray() ? new JsonArray(n.toString()) : new JsonObject(n.toString());
    }

    /** The rows as daprd answers them: a JSON array holding one array of column values per row. */
    static byte[] rowsJson(RowSet<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Row row : rows) {
                g.writeStartArray();
                for (int i = 0; i < row.size(); i++) {
                    writeValue(g, row.getValue(i));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One column value as pgx decodes it and Go's {@code encoding/json} writes it: times in
     * RFC 3339 (UTC, trailing zeros of the fraction cut), {@code bytea} in base64, a UUID as its
     * 16 bytes (pgx hands over a byte array, which Go writes as numbers), numeric as a plain
     * number, JSON columns as the JSON they hold, arrays element by element; {@code time} and
     * {@code interval} as pgx's structs ({@code {"Microseconds":..,"Valid":true}}).
     */
    static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null || v == Tuple.JSON_NULL) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Short || v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                // Go's encoder refuses these, and so daprd's query fails
                throw new IllegalStateException("error serializing results: json: unsupported value: " + d);
            }
            if (v instanceof Float f) {
                g.writeNumber(f);
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Numeric n) {
            if (n.isNaN()) {
                g.writeString("NaN");
            } else {
                g.writeNumber(n.bigDecimalValue().toPlainString());
            }
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d.toPlainString());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof LocalDateTime t) {
            g.writeString(rfc3339Nano(t.toInstant(ZoneOffset.UTC)));
        } else if (v instanceof OffsetDateTime t) {
            g.writeString(rfc3339Nano(t.toInstant()));
        } else if (v instanceof LocalDate d) {
            g.writeString(rfc3339Nano(d.atStartOfDay().toInstant(ZoneOffset.UTC)));
        } else if (v instanceof Buffer b) {
            g.writeString(Base64.getEncoder().encodeToString(b.getBytes()));
        } else if (v instanceof UUID u) {
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            g.writeStartArray();
            for (byte b : bytes.array()) {
                g.writeNumber(b & 0xff);
            }
            g.writeEndArray();
        } else if (v instanceof JsonObject || v instanceof JsonArray) {
            g.writeRawValue(v.toString());
        } else if (v instanceof LocalTime t) {
            // pgx's Time struct (microseconds since midnight), again written field by field
            g.writeStartObject();
            g.writeNumberField("Microseconds", t.toNanoOfDay() / 1_000);
            g.writeBooleanField("Valid", true);
            g.writeEndObject();
        } else if (v instanceof Interval i) {
            // pgx's Interval struct, as Go writes a struct without a JSON method of its own
            g.writeStartObject();
            g.writeNumberField("Microseconds", ((i.getHours() * 60L + i.getMinutes()) * 60L + i.getSeconds())
                    * 1_000_000L + i.getMicroseconds());
            g.writeNumberField("Days", i.getDays());
            g.writeNumberField("Months", i.getYears() * 12L + i.getMonths());
            g.writeBooleanField("Valid", true);
            g.writeEndObject();
        } else if (v.getClass().isArray()) {
            g.writeStartArray();
            for (int k = 0; k < Array.getLength(v); k++) {
                writeValue(g, Array.get(v, k));
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }

    /** Go's {@code time.RFC3339Nano} in UTC: the fraction without trailing zeros, none when whole. */
    static String rfc3339Nano(Instant t) {
        String s = SECONDS.format(t.atOffset(ZoneOffset.UTC));
        return s + fraction(t.getNano(), 9) + "Z";
    }

    /** Go's {@code time.Duration.String()}: {@code 1.5ms}, {@code 350µs}, {@code 2m3.25s}, {@code 0s}. */
    static String goDuration(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        long u = Math.abs(n);
        if (u < 1_000) {
            return sign + u + "ns";
        }
        if (u < 1_000_000) {
            return sign + u / 1_000 + fraction(u % 1_000, 3) + "µs";
        }
        if (u < 1_000_000_000) {
            return sign + u / 1_000_000 + fraction(u % 1_000_000, 6) + "ms";
        }
        long seconds = u / 1_000_000_000;
        String text = seconds % 60 + fraction(u % 1_000_000_000, 9) + "s";
        long minutes = seconds / 60;
        if (minutes > 0) {
            text = minutes % 60 + "m" + text;
            long hours = minutes / 60;
            if (hours > 0) {
                text = hours + "h" + text;
            }
        }
        return sign + text;
    }

    /** {@code .digits} of {@code value} over {@code 10^places}, trailing zeros cut; empty for 0. */
    private static String fraction(long value, int places) {
        if (value == 0) {
            return "";
        }
        StringBuilder digits = new StringBuilder(Long.toString(value));
        while (digits.length() < places) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    @Override
    public Uni<Void> close() {
        closed = true;
        Pool p = pool;
        pool = null;
        return p == null ? Uni.createFrom().voidItem() : uni(p::close);
    }

    private static <T> Uni<T> uni(Supplier<Future<T>> work) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(work.get().toCompletionStage()));
    }
}
