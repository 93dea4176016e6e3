package dev.hookline.local.template;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions template.yaml uses in values the local platform needs (environment
 * variables, event-source queues, redrive targets): Ref, Fn::GetAtt, Fn::Sub, Fn::Join. Anything else is
 * an error naming the function, rather than a silently wrong value.
 */
public final class Intrinsics {
    /** What a provisioned resource answers to Ref and to Fn::GetAtt. */
    public record Resolved(String ref, Map<String, String> attributes) {
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, Resolved> resources;
    private final Map<String, String> parameters;
    private final Map<String, String> pseudo;

    public Intrinsics(Map<String, Resolved> resources, Map<String, String> parameters, Map<String, String> pseudo) {
        this.resources = resources;
        this.parameters = parameters;
        this.pseudo = pseudo;
    }

    public String resolve(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case Map<?, ?> map when map.size() == 1 -> resolveFunction((String) map.keySet().iterator().next(),
                    map.values().iterator().next());
            default -> throw new IllegalArgumentException("Cannot resolve template value " + value);
        };
    }

    private String resolveFunction(String name, Object args) {
        return switch (name) {
            case "Ref" -> ref((String) args);
            case "Fn::GetAtt" -> {
                List<Object> parts = Maps.list(args);
                yield getAtt(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Sub" -> args instanceof List<?> list
                    ? sub(String.valueOf(list.get(0)), Maps.child(Map.of("v", list.get(1)), "v"))
                    : sub((String) args, Map.of());
            case "Fn::Join" -> {
                List<Object> parts = Maps.list(args);
                yield String.join(String.valueOf(parts.get(0)),
                        Maps.list(parts.get(1)).stream().map(this::resolve).toList());
            }
            default -> throw new IllegalArgumentException("The local platform does not resolve " + name);
        };
    }

    public String ref(String name) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        Resolved resource = resources.get(name);
        if (resource == null) {
            throw new IllegalArgumentException("Ref to unknown name " + name);
        }
        return resource.ref();
    }

    public String getAtt(String logicalId, String attribute) {
        Resolved resource = resources.get(logicalId);
        if (resource == null || !resource.attributes().containsKey(attribute)) {
            throw new IllegalArgumentException("Fn::GetAtt " + logicalId + "." + attribute + " does not resolve");
        }
        return resource.attributes().get(attribute);
    }

    private String sub(String text, Map<String, Object> variables) {
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1);
            String replacement;
            if (expr.startsWith("!")) {
                replacement = "${" + expr.substring(1) + "}";
            } else if (variables.containsKey(expr)) {
                replacement = resolve(variables.get(expr));
            } else if (expr.contains(".") && !expr.startsWith("AWS::")) {
                int dot = expr.indexOf('.');
                replacement = getAtt(expr.substring(0, dot), expr.substring(dot + 1));
            } else {
                replacement = ref(expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
