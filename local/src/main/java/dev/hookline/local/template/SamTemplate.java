package dev.hookline.local.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of template.yaml the local platform acts on: functions (with Globals applied), their HTTP,
 * SQS and schedule events, tables, queues, secrets and parameters. The template stays the single source
 * of truth; this class only reads it.
 */
public final class SamTemplate {
    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static SamTemplate load(Path path) throws IOException {
        return new SamTemplate(path, CloudFormationYaml.read(path));
    }

    public Path path() {
        return path;
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Map<String, Object>> resources() {
        return Maps.children(root.get("Resources"));
    }

    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                out.put(id, resource);
            }
        });
        return out;
    }

    public Map<String, Object> properties(String logicalId) {
        return Maps.child(resources().get(logicalId), "Properties");
    }

    public String typeOf(String logicalId) {
        Map<String, Object> resource = resources().get(logicalId);
        return resource == null ? null : (String) resource.get("Type");
    }

    /** Parameter defaults (the values a `sam deploy` without overrides would use). */
    public Map<String, String> parameterDefaults() {
        Map<String, String> out = new LinkedHashMap<>();
        Maps.children(root.get("Parameters")).forEach((name, spec) -> {
            Object value = spec.get("Default");
            out.put(name, value == null ? "" : String.valueOf(value));
        });
        return out;
    }

    public List<FunctionSpec> functions() {
        Map<String, Object> globals = Maps.child(Maps.child(root, "Globals"), "Function");
        List<FunctionSpec> out = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, resource) ->
                out.add(FunctionSpec.of(id, globals, Maps.child(resource, "Properties"))));
        return out;
    }

    public FunctionSpec function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No function " + logicalId + " in " + path));
    }
}
