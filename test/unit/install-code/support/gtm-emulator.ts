import * as vm from "node:vm";
import { DataLayerModel } from "./data-layer-model";
import { emptyPage, type PageRun } from "./browser";
import { scriptTexts } from "./html";

export const ALL_PAGES = "2147479553";

interface Parameter {
  type: string;
  key: string;
  value: string;
}
interface Tag {
  tagId: string;
  name: string;
  type: string;
  parameter: Parameter[];
  firingTriggerId: string[];
  consentSettings?: {
    consentStatus: string;
    consentType?: { type: string; list: { type: string; value: string }[] };
  };
}
interface Trigger {
  triggerId: string;
  type: string;
  customEventFilter: Array<{ type: string; parameter: Parameter[] }>;
}
interface Variable {
  name: string;
  type: string;
  parameter: Parameter[];
}

export function param(parameters: Parameter[], key: string): string {
  const found = parameters.find((p) => p.key === key);
  if (found === undefined) throw new Error(`no parameter ${key}`);
  return found.value;
}

/**
 * Just enough of Google Tag Manager to run an imported container the way GTM does:
 * pushes merge into the data model; a push with `event` fires the tags whose triggers
 * match it; a Custom HTML tag runs with each `{{Variable}}` replaced by the value of
 * the container's own Data Layer Variable. A bare reference becomes the value's JSON
 * (GTM keeps types: numbers stay numbers); a missing value becomes `undefined`.
 */
export class GtmEmulator {
  readonly dataModel = new DataLayerModel();
  readonly tags: Tag[];
  readonly triggers: Trigger[];
  readonly variables: Variable[];
  readonly dataLayer: unknown[] = [];
  /** Names of the tags fired, in order. */
  readonly fired: string[] = [];
  /** Names of the tags a trigger matched but consent held back, in order. */
  readonly blocked: string[] = [];
  /**
   * The consent state (Google Consent Mode types), as `gtag("consent", …)` sets
   * it: a tag whose consentSettings are NEEDED fires only when every type it
   * lists is "granted" (unset is not granted).
   */
  readonly consent: Record<string, "granted" | "denied"> = {};
  private readonly page = emptyPage();

  constructor(containerJson: string) {
    const exported = JSON.parse(containerJson);
    if (exported.exportFormatVersion !== 2)
      throw new Error("not an exportFormatVersion 2 file");
    const version = exported.containerVersion;
    this.tags = version.tag ?? [];
    this.triggers = version.trigger ?? [];
    this.variables = version.variable ?? [];
    // GTM replaces dataLayer.push once it loads: the message is kept and processed.
    this.dataLayer.push = (...messages: unknown[]) => {
      for (const message of messages) {
        Array.prototype.push.call(this.dataLayer, message);
        this.push(message as Record<string, unknown>);
      }
      return this.dataLayer.length;
    };
  }

  /** Runs site code (e.g. the `data_layer` artifact) with `window.dataLayer` wired to GTM. */
  runSiteCode(code: string): void {
    const sandbox: Record<string, unknown> = { dataLayer: this.dataLayer };
    sandbox.window = sandbox;
    vm.runInNewContext(code, sandbox);
  }

  /** What `dataLayer.push` does once GTM has loaded. */
  push(message: Record<string, unknown>): void {
    this.dataModel.push(message);
    if (typeof message.event === "string") this.fire(message.event);
  }

  /** Container load: GTM pushes `gtm.js`, which fires All Pages tags. */
  load(): void {
    this.push({ event: "gtm.js", "gtm.start": 0 });
  }

  result(): PageRun {
    return this.page.result();
  }

  /** The value a `{{Name}}` reference has now. */
  resolve(name: string): unknown {
    const variable = this.variables.find((v) => v.name === name);
    if (variable === undefined)
      throw new Error(`the container has no variable {{${name}}}`);
    if (variable.type !== "v")
      throw new Error(`{{${name}}} is not a Data Layer Variable`);
    if (param(variable.parameter, "dataLayerVersion") !== "2")
      throw new Error("not version 2");
    const value = this.dataModel.get(param(variable.parameter, "name"));
    if (
      value === undefined &&
      param(variable.parameter, "setDefaultValue") === "true"
    ) {
      return param(variable.parameter, "defaultValue");
    }
    return value;
  }

  /** Script text with every reference replaced by a literal of its current value. */
  compile(script: string): string {
    return script.replace(/\{\{([^{}]*)\}\}/g, (_, name: string) => {
      const json = JSON.stringify(this.resolve(name));
      return json === undefined ? "undefined" : `(${json})`;
    });
  }

  /** What GTM pushes on history.pushState / replaceState / popstate (History Change triggers). */
  historyChange(): void {
    this.push({ event: "gtm.historyChange-v2" });
  }

  private fire(event: string): void {
    for (const tag of this.tags) {
      if (!tag.firingTriggerId.some((id) => this.matches(id, event))) continue;
      if (this.consentAllows(tag)) this.run(tag);
      else this.blocked.push(tag.name);
    }
  }

  private consentAllows(tag: Tag): boolean {
    const settings = tag.consentSettings;
    if (settings === undefined || settings.consentStatus === "NOT_SET")
      return true;
    if (settings.consentStatus !== "NEEDED")
      throw new Error(`unsupported consentStatus ${settings.consentStatus}`);
    const types = settings.consentType;
    if (types?.type !== "LIST" || !Array.isArray(types.list))
      throw new Error("consentType is not a LIST parameter");
    return types.list.every((item) => {
      if (item.type !== "TEMPLATE") throw new Error("not a TEMPLATE item");
      return this.consent[item.value] === "granted";
    });
  }

  private matches(triggerId: string, event: string): boolean {
    if (triggerId === ALL_PAGES) return event === "gtm.js";
    const trigger = this.triggers.find((t) => t.triggerId === triggerId);
    if (trigger === undefined) throw new Error(`no trigger ${triggerId}`);
    if (trigger.type === "HISTORY_CHANGE")
      return event === "gtm.historyChange-v2";
    if (trigger.type !== "CUSTOM_EVENT")
      throw new Error(`unsupported trigger ${trigger.type}`);
    return trigger.customEventFilter.every((condition) => {
      if (condition.type !== "EQUALS")
        throw new Error(`unsupported condition ${condition.type}`);
      const left = param(condition.parameter, "arg0");
      if (left !== "{{_event}}")
        throw new Error(`unsupported filter on ${left}`);
      return event === param(condition.parameter, "arg1");
    });
  }

  private run(tag: Tag): void {
    if (tag.type !== "html")
      throw new Error(`unsupported tag type ${tag.type}`);
    this.fired.push(tag.name);
    // GTM splits the HTML into scripts first; a reference is evaluated when its script
    // runs (a macro call), so a value is never re-read as markup.
    for (const script of scriptTexts(param(tag.parameter, "html"))) {
      this.page.window.eval(this.compile(script));
    }
  }
}
