package dev.intake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One browser tab on the dashboard, in a context of its own. It collects every console error and
 * uncaught exception of the page: {@link #assertNoConsoleErrors()} fails on any that the test did
 * not {@link #allow} (a test that takes the server away allows the browser's refused connections).
 */
final class Tab implements AutoCloseable {
  /** The system property naming a directory: screenshots are written there when it is set. */
  static final String SCREENSHOTS = "intake.dashboard.screenshots";

  record Viewport(int width, int height, String timezone) {
    static final Viewport DESKTOP = new Viewport(1280, 800, "Europe/Berlin");
    static final Viewport PHONE = new Viewport(390, 844, "Asia/Kolkata");
  }

  private static final Set<String> NAMED_ROLES =
      Set.of(
          "button",
          "link",
          "textbox",
          "searchbox",
          "combobox",
          "listbox",
          "checkbox",
          "radio",
          "spinbutton",
          "progressbar",
          "slider",
          "switch",
          "tab",
          "menuitem",
          "dialog",
          "img",
          "region",
          "navigation",
          "form");

  final BrowserContext context;
  final Page page;
  final String base;
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<Pattern> allowed = new ArrayList<>();

  Tab(Browser browser, String base, Viewport viewport) {
    this.base = base;
    this.context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(viewport.width(), viewport.height())
                .setTimezoneId(viewport.timezone())
                .setLocale("en-GB")
                .setIsMobile(viewport.width() < 500)
                .setHasTouch(viewport.width() < 500));
    context.setDefaultTimeout(30_000);
    this.page = context.newPage();
    page.onConsoleMessage(
        m -> {
          if (m.type().equals("error")) {
            errors.add(m.text() + " (" + m.location() + ")");
          }
        });
    page.onPageError(e -> errors.add("uncaught: " + e));
  }

  /** Opens a route of the dashboard ({@code "#/jobs"}) and waits for its first heading. */
  Tab go(String route) {
    page.navigate(base + "/" + route);
    page.locator("main h1").first().waitFor();
    return this;
  }

  void allow(Pattern p) {
    allowed.add(p);
  }

  List<String> consoleErrors() {
    synchronized (errors) {
      return errors.stream()
          .filter(e -> allowed.stream().noneMatch(p -> p.matcher(e).find()))
          .toList();
    }
  }

  void assertNoConsoleErrors() {
    assertThat(consoleErrors()).as("console errors of the page").isEmpty();
  }

  /** Writes {@code name}.png into the screenshot directory, when one is set. */
  void screenshot(String name) {
    String dir = System.getProperty(SCREENSHOTS);
    if (dir == null || dir.isBlank()) {
      return;
    }
    try {
      Path out = Files.createDirectories(Path.of(dir)).resolve(name + ".png");
      // Paths of the test machine (temporary directories) stay out of the pictures.
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(out)
              .setFullPage(true)
              .setMask(List.of(page.locator("[data-server-path]"))));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Controls in the browser's accessibility tree that have no accessible name: every button, link,
   * field, progress bar (and landmark that is named at all) must have one.
   */
  List<String> unnamedControls() {
    CDPSession cdp = context.newCDPSession(page);
    try {
      JsonObject tree = cdp.send("Accessibility.getFullAXTree");
      List<String> unnamed = new ArrayList<>();
      JsonArray nodes = tree.getAsJsonArray("nodes");
      for (JsonElement e : nodes) {
        JsonObject n = e.getAsJsonObject();
        if (n.has("ignored") && n.get("ignored").getAsBoolean()) {
          continue;
        }
        String role = value(n, "role");
        if (!NAMED_ROLES.contains(role) || role.equals("region") || role.equals("form")) {
          continue;
        }
        String name = value(n, "name");
        if (name.isBlank()) {
          unnamed.add(role + " #" + n.get("nodeId").getAsString());
        }
      }
      return unnamed;
    } finally {
      cdp.detach();
    }
  }

  private static String value(JsonObject node, String key) {
    if (!node.has(key)) {
      return "";
    }
    JsonObject o = node.getAsJsonObject(key);
    return o.has("value") ? o.get("value").getAsString() : "";
  }

  /**
   * Text on the page whose contrast with what is behind it is below WCAG AA (4.5:1, 3:1 for large
   * text), computed in the page from the rendered colours.
   */
  @SuppressWarnings("unchecked")
  List<String> lowContrastText() {
    return (List<String>) page.evaluate(CONTRAST_SCRIPT);
  }

  private static final String CONTRAST_SCRIPT =
      """
      () => {
        const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
          const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
          return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
        const lum = ({ r, g, b }) => { const f = (v) => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
        const blend = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a),
          g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
        const background = (el) => { const layers = [];
          for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
          let bg = { r: 255, g: 255, b: 255, a: 1 };
          for (const c of layers.reverse()) bg = blend(c, bg);
          return bg; };
        const bad = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const seen = new Set();
        while (walker.nextNode()) {
          const t = walker.currentNode; const el = t.parentElement;
          if (!el || seen.has(el) || !t.textContent.trim()) continue;
          seen.add(el);
          const st = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          if (st.visibility === 'hidden' || st.display === 'none' || box.width === 0 || box.height === 0) continue;
          if (el.closest('.visually-hidden, [hidden], svg')) continue;
          const fg = parse(st.color); if (!fg) continue;
          const bg = background(el);
          const l1 = lum(blend(fg, bg)), l2 = lum(bg);
          const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
          const size = parseFloat(st.fontSize); const bold = Number(st.fontWeight) >= 700;
          const large = size >= 24 || (bold && size >= 18.66);
          if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)}:1 "${t.textContent.trim().slice(0, 40)}" (${st.color} on rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)}))`);
        }
        return bad;
      }
      """;

  /** Whether the page is wider than the window (a phone would scroll sideways). */
  boolean overflowsHorizontally() {
    return (Boolean)
        page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1");
  }

  @Override
  public void close() {
    context.close();
  }
}
