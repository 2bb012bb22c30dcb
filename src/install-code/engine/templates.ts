import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { TEMPLATE_HELPERS } from "./template-helpers";

export const TEMPLATE_NAMES = [
  "javascript/base",
  "javascript/event",
  "gtm/container",
  "gtm/tag",
  "gtm/data_layer",
  "tealium/extension",
  "tealium/data_layer",
  "tealium/variables",
  "server/node",
  "server/curl",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Partials shared by several artifacts: `{{> loader}}` is `templates/shared/loader.hbs`. */
export const PARTIAL_NAMES = ["loader"] as const;

export type Template = (view: object) => string;
export type TemplateSet = Readonly<Record<TemplateName, Template>>;

/**
 * Reads and compiles every template in an isolated Handlebars environment that knows
 * only our helpers (so a typo in a helper name fails to compile).
 */
export function loadTemplates(templatesDir: string): TemplateSet {
  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) {
    env.registerHelper(name, helper as Handlebars.HelperDelegate);
  }
  const options: CompileOptions = {
    strict: true,
    knownHelpers: Object.fromEntries(
      Object.keys(TEMPLATE_HELPERS).map((name) => [name, true]),
    ),
    knownHelpersOnly: true,
  };
  for (const name of PARTIAL_NAMES) {
    env.registerPartial(
      name,
      env.compile(read(templatesDir, `shared/${name}`), options),
    );
  }
  const templates = {} as Record<TemplateName, Template>;
  for (const name of TEMPLATE_NAMES) {
    templates[name] = env.compile(read(templatesDir, name), options);
  }
  return templates;
}

function read(templatesDir: string, name: string): string {
  return readFileSync(join(templatesDir, `${name}.hbs`), "utf8");
}
