import * as vm from "node:vm";
import { emptyPage, type PageRun } from "./browser";

/**
 * Runs a JavaScript Code extension as Tealium iQ does: its body wrapped as
 * `function (a, b) { … }`, called with the event type and the data object.
 */
export function runExtension(
  code: string,
  a: "view" | "link",
  b: Record<string, unknown>,
  /** Globals the page has before the extension runs (e.g. `utag`). */
  globals: Record<string, unknown> = {},
): PageRun {
  const page = emptyPage();
  Object.assign(page.window, globals);
  const extension = new page.window.Function("a", "b", code) as (
    a: string,
    b: unknown,
  ) => void;
  extension(a, b);
  return page.result();
}

/** What the `data_layer` artifact sends: its `utag.link` calls, or the `utag_data` it defines. */
export function runTealiumDataLayer(code: string): {
  links: Array<Record<string, unknown>>;
  utagData: Record<string, unknown> | undefined;
} {
  const links: Array<Record<string, unknown>> = [];
  const sandbox: Record<string, unknown> = {
    utag: { link: (data: any) => links.push(data) },
  };
  sandbox.window = sandbox;
  vm.runInNewContext(code, sandbox);
  return {
    links,
    utagData: sandbox.utag_data as Record<string, unknown> | undefined,
  };
}
