import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TEMPLATE_HELPERS } from "./template-helpers";
import { loadTemplates, PARTIAL_NAMES, TEMPLATE_NAMES } from "./templates";

const TEMPLATES_DIR = join(__dirname, "../../../templates");
const files = [...TEMPLATE_NAMES, ...PARTIAL_NAMES.map((p) => `shared/${p}`)];
const sourceOf = (name: string) =>
  readFileSync(join(TEMPLATES_DIR, `${name}.hbs`), "utf8");

describe("templates", () => {
  it("are exactly the files in templates/", () => {
    const onDisk = readdirSync(TEMPLATES_DIR, {
      recursive: true,
      encoding: "utf8",
    })
      .filter((f) => f.endsWith(".hbs"))
      .map((f) => f.replace(/\.hbs$/, ""))
      .sort();
    expect(onDisk).toEqual([...files].sort());
  });

  it.each(files)(
    "%s never uses HTML-escaping {{value}}, only blocks, partials and helpers",
    (name) => {
      const mustaches = sourceOf(name).match(/\{\{\{?[^}]*\}?\}\}/g) ?? [];
      for (const mustache of mustaches) {
        if (mustache.startsWith("{{{")) {
          // Triple braces only around a helper, whose output is already safe.
          const helper = mustache.slice(3).trim().split(/\s/)[0];
          expect(Object.keys(TEMPLATE_HELPERS)).toContain(helper);
        } else {
          expect(mustache).toMatch(
            /^\{\{(#(if|each|unless) |\/(if|each|unless)\}|else|> [a-z]+\}|!)/,
          );
        }
      }
    },
  );

  it("treat a view missing a field as an error, not a blank", () => {
    const templates = loadTemplates(TEMPLATES_DIR);
    expect(() => templates["javascript/base"]({})).toThrow(/assign/);
    expect(() => templates["gtm/tag"]({ loaderUrl: "x" })).toThrow(/object/);
  });
});
