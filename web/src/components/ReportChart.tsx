import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChartSeries } from "../report";

const CONVERSIONS_COLOUR = "#0550ae";
const REVENUE_COLOUR = "#bc4c00";
const HEIGHT = 280;

/**
 * Conversions (bars, left axis) and revenue in one currency (line, right
 * axis) per report row, drawn with uPlot on a canvas. The x axis is the row
 * index, labelled with the row's key, so dates and campaigns chart alike. The
 * canvas is an image to assistive technology: the table beside it carries
 * the same figures.
 */
export function ReportChart(props: {
  series: ChartSeries;
  currency: string | null;
  description: string;
}) {
  const holder = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const { labels, conversions, revenue } = props.series;
    const xs = labels.map((_, i) => i);
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [-0.5, Math.max(labels.length - 0.5, 0.5)] },
        conversions: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        revenue: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [
        {
          // Only whole indexes carry a label; a long range shows every few.
          splits: () => xs.filter((i) => i % labelStep(labels.length) === 0),
          values: (_u, splits) => splits.map((i) => labels[i] ?? ""),
          rotate: labels.length > 7 ? -30 : 0,
          size: labels.length > 7 ? 70 : 40,
        },
        {
          scale: "conversions",
          label: "Conversions",
          values: (_u, splits) =>
            splits.map((v) => (Number.isInteger(v) ? String(v) : "")),
        },
        {
          scale: "revenue",
          side: 1,
          label: props.currency ? `Revenue (${props.currency})` : "Revenue",
          grid: { show: false },
        },
      ],
      series: [
        {},
        {
          label: "Conversions",
          scale: "conversions",
          stroke: CONVERSIONS_COLOUR,
          fill: "rgba(5, 80, 174, 0.35)",
          paths: uPlot.paths.bars!({ size: [0.6, 60] }),
          points: { show: false },
        },
        {
          label: props.currency ? `Revenue (${props.currency})` : "Revenue",
          scale: "revenue",
          stroke: REVENUE_COLOUR,
          width: 2,
          points: { show: true, size: 5 },
        },
      ],
    };
    const chart = new uPlot(options, [xs, conversions, revenue], element);
    const resize = () =>
      chart.setSize({
        width: Math.max(320, element.clientWidth),
        height: HEIGHT,
      });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.destroy();
    };
  }, [props.series, props.currency]);

  return (
    <figure class="report-chart">
      <div ref={holder} role="img" aria-label={props.description} />
      <figcaption class="legend">
        <span class="swatch conversions" aria-hidden="true" /> Conversions
        (bars, left axis) <span class="swatch revenue" aria-hidden="true" />{" "}
        Revenue
        {props.currency ? ` in ${props.currency}` : ""} (line, right axis)
      </figcaption>
    </figure>
  );
}

/** Every how many rows an x label is drawn, so labels never overlap (~12 at most). */
function labelStep(count: number): number {
  return Math.max(1, Math.ceil(count / 12));
}
