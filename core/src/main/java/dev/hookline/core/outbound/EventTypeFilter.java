package dev.hookline.core.outbound;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which event types an endpoint subscribes to, e.g. {@code ["run.failed", "invocation.*"]}.
 *
 * <p>Event types are dot-separated segments of {@code [a-z0-9_-]}. In a pattern, a segment {@code *} matches one or
 * more whole segments, anywhere: {@code run.*} matches {@code run.failed} and {@code run.step.failed} (but not
 * {@code run} itself), {@code *.failed} matches {@code run.failed} and {@code run.step.failed}, and {@code *} alone
 * matches everything. Wildcards inside a segment ({@code run*}) are refused rather than guessed at. An absent or empty
 * list subscribes to all types, which is what a new endpoint without filters expects.
 *
 * <p>An entry {@code category:<name>} subscribes to every type of that category: the category a tenant registered
 * for its own type in the event catalog ({@code POST /v1/event-types}), or for Hookline's own types their first
 * segment ({@code category:run}). The category is fixed on the event when it is published, so changing a type's
 * category later re-routes only the events published after the change.
 */
public final class EventTypeFilter {

    public static final int MAX_LENGTH = 128;
    public static final int MAX_PATTERNS = 100;
    public static final EventTypeFilter ALL = new EventTypeFilter(List.of());

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern PATTERN = Pattern.compile("([a-z0-9_-]+|\\*)(\\.([a-z0-9_-]+|\\*))*");
    /** A category: one lowercase slug, as the catalog stores it. */
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final String CATEGORY_PREFIX = "category:";

    private final List<String> patterns;
    private final List<String[]> compiled;
    private final List<String> categories;

    private EventTypeFilter(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().filter(p -> !p.startsWith(CATEGORY_PREFIX)).map(p -> p.split("\\.")).toList();
        this.categories = this.patterns.stream().filter(p -> p.startsWith(CATEGORY_PREFIX))
                .map(p -> p.substring(CATEGORY_PREFIX.length())).toList();
    }

    /** @throws IllegalArgumentException for an invalid pattern; call {@link #validate} first to report field errors */
    public static EventTypeFilter of(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            return ALL;
        }
        List<FieldError> errors = validate("event_types", patterns);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.getFirst().field() + " " + errors.getFirst().message());
        }
        return new EventTypeFilter(patterns);
    }

    public static boolean isValidPattern(String pattern) {
        if (pattern != null && pattern.startsWith(CATEGORY_PREFIX)) {
            return isValidCategory(pattern.substring(CATEGORY_PREFIX.length()));
        }
        return pattern != null && pattern.length() <= MAX_LENGTH && PATTERN.matcher(pattern).matches();
    }

    public static boolean isValidCategory(String category) {
        return category != null && CATEGORY.matcher(category).matches();
    }

    public static boolean isValidEventType(String type) {
        return type != null && type.length() <= MAX_LENGTH && EVENT_TYPE.matcher(type).matches();
    }

    /** Errors named {@code field[i]} for the API's problem+json; a null list is valid (means all). */
    public static List<FieldError> validate(String field, List<String> patterns) {
        if (patterns == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (patterns.size() > MAX_PATTERNS) {
            errors.add(new FieldError(field, "must contain at most " + MAX_PATTERNS + " patterns"));
        }
        for (int i = 0; i < patterns.size(); i++) {
            if (!isValidPattern(patterns.get(i))) {
                errors.add(new FieldError(field + "[" + i + "]", "must be dot-separated segments of lowercase letters,"
                        + " digits, '_' or '-', or '*', at most " + MAX_LENGTH + " characters; or 'category:<name>' with"
                        + " a name of 1-64 lowercase letters, digits, '_' or '-'"));
            }
        }
        return List.copyOf(errors);
    }

    public List<String> patterns() {
        return patterns;
    }

    public boolean matchesAll() {
        return patterns.isEmpty() || patterns.contains("*");
    }

    public boolean matches(String eventType) {
        return matches(eventType, null);
    }

    /** Whether an event of this type and category (null: none) is subscribed to, by name, pattern or category. */
    public boolean matches(String eventType, String category) {
        if (patterns.isEmpty()) {
            return true;
        }
        if (!isValidEventType(eventType)) {
            return false;
        }
        if (category != null && categories.contains(category)) {
            return true;
        }
        String[] segments = eventType.split("\\.");
        for (String[] pattern : compiled) {
            if (matches(pattern, segments)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Table-driven rather than recursive: with several {@code *} segments backtracking is exponential, and patterns
     * come from tenants. {@code m[i][j]} = first i pattern segments match first j type segments.
     */
    private static boolean matches(String[] pattern, String[] type) {
        boolean[][] m = new boolean[pattern.length + 1][type.length + 1];
        m[0][0] = true;
        for (int i = 1; i <= pattern.length; i++) {
            boolean star = pattern[i - 1].equals("*");
            for (int j = 1; j <= type.length; j++) {
                m[i][j] = star
                        ? m[i - 1][j - 1] || m[i][j - 1]
                        : m[i - 1][j - 1] && pattern[i - 1].equals(type[j - 1]);
            }
        }
        return m[pattern.length][type.length];
    }

    @Override
    public String toString() {
        return "EventTypeFilter" + (patterns.isEmpty() ? "[*]" : patterns);
    }
}
