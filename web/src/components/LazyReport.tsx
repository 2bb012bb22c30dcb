import { useEffect, useState } from "preact/hooks";
import type { ReportScreen } from "./ReportScreen";

/**
 * The report screen, fetched the first time it is opened: it and its chart
 * library (uPlot and its CSS) are a separate chunk, so the builder's first
 * load stays small.
 */
export function LazyReport(props: { pixelId: string }) {
  const [Screen, setScreen] = useState<typeof ReportScreen | null>(null);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    import("./ReportScreen").then(
      (module) => setScreen(() => module.ReportScreen),
      () => setProblem("The report could not be loaded; reload the page."),
    );
  }, []);
  if (problem) return <p class="note">{problem}</p>;
  if (!Screen) return <p aria-busy="true">Loading the report…</p>;
  return <Screen pixelId={props.pixelId} />;
}
