import { useEffect, useState } from "preact/hooks";

/** The builder's screens, addressed by the fragment so Back and links work. */
export type Route =
  | { screen: "list" }
  | { screen: "new" }
  | { screen: "pixel"; id: string }
  | { screen: "report"; id: string }
  | { screen: "ingest-keys" };

export function parseRoute(hash: string): Route {
  if (hash === "#/new") return { screen: "new" };
  if (hash === "#/ingest-keys") return { screen: "ingest-keys" };
  const match = /^#\/pixels\/(pix_[a-z0-9]+)(\/report)?$/.exec(hash);
  if (match)
    return match[2]
      ? { screen: "report", id: match[1] }
      : { screen: "pixel", id: match[1] };
  return { screen: "list" };
}

export function hrefFor(route: Route): string {
  if (route.screen === "new") return "#/new";
  if (route.screen === "ingest-keys") return "#/ingest-keys";
  if (route.screen === "pixel") return `#/pixels/${route.id}`;
  if (route.screen === "report") return `#/pixels/${route.id}/report`;
  return "#/";
}

export function navigate(route: Route, replace = false): void {
  if (replace) {
    history.replaceState(null, "", hrefFor(route));
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else location.hash = hrefFor(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
