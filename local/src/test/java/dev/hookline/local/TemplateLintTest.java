package dev.hookline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hookline.local.template.CloudFormationYaml;
import dev.hookline.local.testing.RepoPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * template.yaml transforms (the real SAM translator, inside cfn-lint) and lints clean, with 0 errors and 0
 * warnings, in every deploy variant of {@code .ci/template-variants}: each is rendered here on its own (the
 * template read as CloudFormation, the variant's values as parameter Defaults, written as JSON) rather than
 * through cfn-lint's {@code --parameters}, which a SAM template loses in the transform. bin/lint-template renders
 * the same variants as YAML for .ci/run; the two renderers check each other.
 */
class TemplateLintTest {
    private static final Path VARIANTS = RepoPaths.root().resolve(".ci/template-variants");

    private record Variant(String name, Map<String, String> parameters) {
    }

    private static Map<String, Object> template;
    private static List<Variant> variants;

    @BeforeAll
    static void load() throws IOException {
        template = CloudFormationYaml.read(RepoPaths.template());
        variants = new ArrayList<>();
        for (String line : Files.readAllLines(VARIANTS, StandardCharsets.UTF_8)) {
            String[] words = line.strip().split("\\s+");
            if (words[0].isEmpty() || words[0].startsWith("#")) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                assertTrue(eq > 0, VARIANTS + ": " + words[0] + " has a word that is not Name=value: " + words[i]);
                parameters.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
            variants.add(new Variant(words[0], parameters));
        }
    }

    @Test
    void theVariantsTurnEveryConditionBothOnAndOff() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        Map<String, Object> conditions = map(template.get("Conditions"));
        assertTrue(variants.size() >= 4, "plain, custom domain, mutual TLS, pinned truststore: " + variants);
        Map<String, TreeSet<Boolean>> seen = new TreeMap<>();
        for (Variant v : variants) {
            for (String name : v.parameters().keySet()) {
                assertTrue(parameters.containsKey(name), v.name() + " sets " + name + ", which template.yaml does not declare");
            }
            Map<String, String> values = values(v);
            Map<String, Boolean> outcome = new TreeMap<>();
            conditions.keySet().forEach(c -> outcome.put(c, condition(c, values)));
            outcome.forEach((c, on) -> seen.computeIfAbsent(c, k -> new TreeSet<>()).add(on));
            if (v.parameters().isEmpty()) {
                assertFalse(outcome.containsValue(true), "the plain variant is the defaults: no optional feature on, got " + outcome);
            }
        }
        seen.forEach((c, outcomes) -> assertEquals(2, outcomes.size(),
                c + " is " + outcomes + " in every variant; add a variant that turns it " + (outcomes.contains(true) ? "off" : "on")));
        assertEquals(conditions.keySet(), seen.keySet());
    }

    @Test
    void everyVariantLintsCleanAndABrokenOneDoesNot() throws Exception {
        Path dir = RepoPaths.root().resolve("local/target/cfn-lint-variants");
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<String> files = new ArrayList<>();
        for (Variant v : variants) {
            Path file = dir.resolve(v.name() + ".json");
            json.writeValue(file.toFile(), render(v.parameters()));
            files.add(file.toString());
        }
        // The harness must be able to fail: the last variant with a property API Gateway does not have.
        Map<String, Object> broken = render(variants.getLast().parameters());
        map(map(map(broken.get("Resources")).get("HookApiDomainName")).get("Properties")).put("NotAProperty", "x");
        Path brokenFile = dir.resolve("broken.json");
        json.writeValue(brokenFile.toFile(), broken);
        files.add(brokenFile.toString());

        List<String> command = new ArrayList<>(List.of(cfnLint(), "--format", "parseable", "--"));
        command.addAll(files);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "cfn-lint is not installed (pip install cfn-lint); .ci/run requires it: " + e.getMessage());
            return;
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "cfn-lint finished");
        String output = new String(out, StandardCharsets.UTF_8);

        List<String> findings = output.lines().filter(l -> !l.isBlank()).toList();
        List<String> clean = findings.stream().filter(l -> !l.startsWith(brokenFile.toString())).toList();
        assertEquals(List.of(), clean, "findings in the variants (" + dir + ")");
        assertTrue(findings.stream().anyMatch(l -> l.contains(":E3002:") && l.contains("NotAProperty")),
                "cfn-lint reports the broken copy: " + output);
        assertTrue(process.exitValue() != 0, "cfn-lint exits non-zero on the broken copy");
    }

    /** cfn-lint from PATH, else where this machine kind installs it (pyenv), for a JVM started with a bare PATH. */
    private static String cfnLint() {
        Path pyenv = Path.of(System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"), "shims", "cfn-lint");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "cfn-lint"))) {
                return Path.of(dir, "cfn-lint").toString();
            }
        }
        return Files.isExecutable(pyenv) ? pyenv.toString() : "cfn-lint";
    }

    /** The template with the variant's values as parameter Defaults: what a deploy with those values evaluates. */
    private static Map<String, Object> render(Map<String, String> values) throws IOException {
        Map<String, Object> copy = CloudFormationYaml.read(RepoPaths.template());
        Map<String, Object> parameters = map(copy.get("Parameters"));
        values.forEach((name, value) -> map(parameters.get(name)).put("Default", value));
        return copy;
    }

    private static Map<String, String> values(Variant v) {
        Map<String, String> out = new LinkedHashMap<>();
        map(template.get("Parameters")).forEach((name, spec) ->
                out.put(name, String.valueOf(map(spec).getOrDefault("Default", ""))));
        out.putAll(v.parameters());
        return out;
    }

    /** CloudFormation's condition functions over parameter values (Fn::Equals, Not, And, Or, Condition). */
    private static boolean condition(String name, Map<String, String> values) {
        return evaluate(map(template.get("Conditions")).get(name), values);
    }

    private static boolean evaluate(Object node, Map<String, String> values) {
        Map<String, Object> fn = map(node);
        assertEquals(1, fn.size(), "a condition function: " + node);
        String key = fn.keySet().iterator().next();
        Object args = fn.get(key);
        return switch (key) {
            case "Fn::Equals" -> value(((List<?>) args).get(0), values).equals(value(((List<?>) args).get(1), values));
            case "Fn::Not" -> !evaluate(((List<?>) args).getFirst(), values);
            case "Fn::And" -> ((List<?>) args).stream().allMatch(a -> evaluate(a, values));
            case "Fn::Or" -> ((List<?>) args).stream().anyMatch(a -> evaluate(a, values));
            case "Condition" -> condition(String.valueOf(args), values);
            default -> throw new AssertionError("teach this test the condition function " + key);
        };
    }

    private static String value(Object node, Map<String, String> values) {
        if (node instanceof Map<?, ?> m && m.get("Ref") instanceof String ref) {
            assertTrue(values.containsKey(ref), "Ref " + ref + " in a condition is a parameter");
            return values.get(ref);
        }
        return String.valueOf(node);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
