package dev.hookline.functions.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleAssetsTest {
    private static final Path SOURCES = Path.of("src/main/resources/console");
    private static final ConsoleAssets ASSETS = ConsoleAssets.fromClasspath();

    @Test
    void everyFileOfTheConsoleIsListedAndServed() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(SOURCES)) {
            list.map(p -> p.getFileName().toString()).forEach(files::add);
        }
        files.remove("index.html");
        files.remove("assets.txt");
        Set<String> served = new TreeSet<>(ASSETS.assets().keySet());
        served.removeIf(name -> name.startsWith("uPlot."));
        assertEquals(files, served, "assets.txt lists every file in src/main/resources/console");
        assertTrue(ASSETS.assets().containsKey("uPlot.iife.min.js"), "uPlot comes from its WebJar");
        assertTrue(ASSETS.assets().get("uPlot.iife.min.js").body().startsWith("/*! https://github.com/leeoniya/uPlot"));
    }

    @Test
    void thePageNamesOnlyThisVersionsAssetsAndNothingFromAnotherHost() {
        String page = ASSETS.page();
        assertFalse(page.contains("{{"), "every placeholder is filled");
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        Set<String> named = new HashSet<>();
        while (refs.find()) {
            String ref = refs.group(1);
            if (ref.startsWith("#")) {
                continue;
            }
            assertTrue(ref.startsWith("assets/" + ASSETS.version() + "/"), "relative, fingerprinted: " + ref);
            named.add(ref.substring(ref.lastIndexOf('/') + 1));
        }
        assertTrue(ASSETS.assets().keySet().containsAll(named), "the page names only served assets: " + named);
        assertTrue(named.containsAll(List.of("app.js", "console.css", "uPlot.iife.min.js", "uPlot.min.css", "icon.svg")));
        assertFalse(page.contains("<script>") || page.contains("style="), "no inline script or style (CSP)");
        for (ConsoleAssets.Asset asset : ASSETS.assets().values()) {
            if (!asset.name().startsWith("uPlot.") && !asset.name().endsWith(".svg")) {
                assertFalse(asset.body().matches("(?s).*(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/.*") && asset.body().contains("fetch('http"),
                        asset.name() + " calls no other host");
                assertFalse(asset.body().contains("@import") || asset.body().contains("url(http") || asset.body().contains("fonts.googleapis"),
                        asset.name() + " loads no external style or font");
            }
        }
    }

    @Test
    void theScriptsNeverParseDataAsHtml() {
        for (ConsoleAssets.Asset asset : ASSETS.assets().values()) {
            if (asset.name().endsWith(".js") && !asset.name().startsWith("uPlot.")) {
                for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function")) {
                    assertFalse(asset.body().contains(sink), asset.name() + " uses " + sink);
                }
            }
        }
    }

    @Test
    void modulesImportOnlyServedSiblings() {
        Pattern imports = Pattern.compile("from '\\./([^']+)'");
        for (ConsoleAssets.Asset asset : ASSETS.assets().values()) {
            Matcher m = imports.matcher(asset.body());
            while (m.find()) {
                assertTrue(ASSETS.assets().containsKey(m.group(1)), asset.name() + " imports " + m.group(1));
            }
        }
    }

    @Test
    void assetsAreFoundOnlyUnderTheCurrentVersionWithTheirContentType() {
        assertEquals(16, ASSETS.version().length());
        assertTrue(ASSETS.asset(ASSETS.version(), "app.js").isPresent());
        assertEquals("text/javascript; charset=utf-8", ASSETS.asset(ASSETS.version(), "app.js").orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", ASSETS.asset(ASSETS.version(), "console.css").orElseThrow().contentType());
        assertEquals("image/svg+xml", ASSETS.asset(ASSETS.version(), "icon.svg").orElseThrow().contentType());
        assertTrue(ASSETS.asset("0000000000000000", "app.js").isEmpty(), "an older version is not served");
        assertTrue(ASSETS.asset(ASSETS.version(), "assets.txt").isEmpty());
        assertTrue(ASSETS.asset(ASSETS.version(), "../openapi.json").isEmpty());
        assertEquals(ASSETS.version(), ConsoleAssets.fromClasspath().version(), "the fingerprint is stable");
    }

    @Test
    void reportsTheConsolesSize() {
        long own = 0;
        long uplot = 0;
        for (ConsoleAssets.Asset a : ASSETS.assets().values()) {
            long bytes = a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (a.name().startsWith("uPlot.")) {
                uplot += bytes;
            } else {
                own += bytes;
            }
        }
        long page = ASSETS.page().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("Console assets: page %d B, own scripts/styles/icon %d B, uPlot %d B, total %d B%n",
                page, own, uplot, page + own + uplot);
        assertTrue(own > 0 && uplot > 0);
    }
}
