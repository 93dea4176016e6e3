package dev.hookline.functions.http;


import java.util.Map;
import dev.hookline.core.access.Caller;

/** A routed request: the request, its path parameters, and the authenticated caller (null if public/admin). */
public record Call(ApiRequest request, Map<String, String> params, Caller caller) {
    public String param(String name) {
        return params.get(name);
    }
}
