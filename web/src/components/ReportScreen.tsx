import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiFailure, unwrap } from "../api/client";
import type { FieldErrors } from "../api/field-errors";
import {
  browserTimeZone,
  chartSeries,
  currenciesOf,
  defaultRange,
  formatMoney,
  GROUP_BY_OPTIONS,
  keyLabel,
  knownTimeZones,
  moneyText,
  reportFieldErrors,
  type Report,
  type ReportGroupBy,
} from "../report";
import { useBuilder } from "./context";
import { SelectField, Suggestions } from "./controls";
import { useFailureHandler } from "./failures";
import { ReportChart } from "./ReportChart";

interface ReportQuery {
  group_by: ReportGroupBy;
  from: string;
  to: string;
  tz: string;
}

/**
 * One pixel's report (contract §8, GET /saved-pixels/{id}/report): a chart of
 * conversions and revenue per row, the same figures as a table, and totals per
 * currency, for a group-by, a date range and a time zone (the browser's by
 * default). Loaded on demand (its chart library is not in the first load).
 */
export function ReportScreen(props: { pixelId: string }) {
  const { api, account } = useBuilder();
  const failed = useFailureHandler();
  const [query, setQuery] = useState<ReportQuery>(() => {
    const tz = browserTimeZone();
    return { group_by: "day", tz, ...defaultRange(new Date(), tz) };
  });
  const [zoneText, setZoneText] = useState(query.tz);
  const [name, setName] = useState("");
  const [report, setReport] = useState<Report | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [currency, setCurrency] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const zones = useMemo(knownTimeZones, []);

  useEffect(() => {
    unwrap(
      api.GET("/saved-pixels/{pixel_id}", {
        params: {
          path: { pixel_id: props.pixelId },
          query: { account_id: account },
        },
      }),
    ).then(({ value }) => setName(value.name), failed);
  }, [props.pixelId, account]);

  useEffect(() => {
    let live = true;
    setPending(true);
    unwrap<Report>(
      api.GET("/saved-pixels/{pixel_id}/report", {
        params: {
          path: { pixel_id: props.pixelId },
          query: { account_id: account, ...query },
        },
      }),
    )
      .then(({ value }) => {
        if (!live) return;
        setReport(value);
        setErrors({});
        setCurrency((current) => {
          const known = currenciesOf(value);
          return current && known.includes(current)
            ? current
            : (known[0] ?? null);
        });
      })
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiFailure && error.status === 400)
          setErrors(reportFieldErrors(error.details));
        else failed(error);
      })
      .finally(() => live && setPending(false));
    return () => {
      live = false;
    };
  }, [props.pixelId, account, query]);

  const change = (patch: Partial<ReportQuery>) =>
    setQuery((q) => ({ ...q, ...patch }));
  const series = useMemo(
    () => (report ? chartSeries(report, currency) : null),
    [report, currency],
  );
  const groupLabel =
    GROUP_BY_OPTIONS.find((o) => o.value === report?.group_by)?.label ?? "Day";
  const currencies = report ? currenciesOf(report) : [];

  return (
    <section class="report" aria-labelledby="report-title" aria-busy={pending}>
      <h1 id="report-title">Report{name ? `: ${name}` : ""}</h1>
      <p class="muted">
        <a href={`#/pixels/${props.pixelId}`}>← Back to the pixel</a> · counted
        conversions only; test events never appear here.
      </p>
      <form
        class="inline-form report-controls"
        aria-label="Report settings"
        onSubmit={(event) => event.preventDefault()}
      >
        <SelectField
          id="report-group-by"
          label="Group by"
          value={query.group_by}
          options={GROUP_BY_OPTIONS}
          errors={errors.group_by}
          onValue={(group_by) => change({ group_by })}
        />
        <DateField
          id="report-from"
          label="From"
          value={query.from}
          errors={errors.from}
          onValue={(from) => change({ from })}
        />
        <DateField
          id="report-to"
          label="To"
          value={query.to}
          errors={errors.to}
          onValue={(to) => change({ to })}
        />
        <div class={`control${errors.tz ? " invalid" : ""}`}>
          <label for="report-tz">Time zone</label>
          <input
            id="report-tz"
            type="text"
            list="report-tz-list"
            autocomplete="off"
            spellcheck={false}
            value={zoneText}
            aria-invalid={errors.tz ? true : undefined}
            aria-describedby={errors.tz ? "report-tz-error" : undefined}
            onInput={(event) => setZoneText(event.currentTarget.value)}
            // The report follows a committed zone (Enter or leaving the field), not each keystroke.
            onChange={(event) =>
              change({ tz: event.currentTarget.value.trim() })
            }
          />
          <Suggestions
            id="report-tz-list"
            options={zones.map((value) => ({ value }))}
          />
          {errors.tz && (
            <div id="report-tz-error" class="error">
              {errors.tz.join(" ")}
            </div>
          )}
        </div>
        {currencies.length > 1 && currency && (
          <SelectField
            id="report-currency"
            label="Chart currency"
            value={currency}
            options={currencies.map((value) => ({ value, label: value }))}
            onValue={(value) => setCurrency(value)}
          />
        )}
      </form>
      {errors[""] && <p class="error">{errors[""].join(" ")}</p>}
      {report && series && (
        <>
          <p class="muted">
            {report.from} to {report.to}, {report.tz}, by{" "}
            {groupLabel.toLowerCase()}.
          </p>
          {report.rows.length === 0 ? (
            <p>No events in this range.</p>
          ) : (
            <ReportChart
              series={series}
              currency={currency}
              description={`Chart of conversions${currency ? ` and revenue in ${currency}` : ""} by ${groupLabel.toLowerCase()}; the table below has the figures.`}
            />
          )}
          <Totals report={report} />
          <ReportTable report={report} groupLabel={groupLabel} />
        </>
      )}
    </section>
  );
}

function DateField(props: {
  id: string;
  label: string;
  value: string;
  errors?: string[];
  onValue(value: string): void;
}) {
  return (
    <div class={`control${props.errors ? " invalid" : ""}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="date"
        value={props.value}
        aria-invalid={props.errors ? true : undefined}
        aria-describedby={props.errors ? `${props.id}-error` : undefined}
        onChange={(event) => props.onValue(event.currentTarget.value)}
      />
      {props.errors && (
        <div id={`${props.id}-error`} class="error">
          {props.errors.join(" ")}
        </div>
      )}
    </div>
  );
}

/** `noun` for one, `noun` + "s" for any other count (English). */
function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

/** Totals of the range: conversions, and revenue and value per currency. */
function Totals({ report }: { report: Report }) {
  const { totals } = report;
  const currencies = currenciesOf(report);
  return (
    <section aria-labelledby="report-totals-title">
      <h2 id="report-totals-title">Totals</h2>
      <p>
        <strong>{totals.conversions}</strong>{" "}
        {plural(totals.conversions, "conversion")} (
        {totals.post_click_conversions} after a click,{" "}
        {totals.post_view_conversions} after a view) from {totals.events}{" "}
        {plural(totals.events, "event")}.
      </p>
      {currencies.length === 0 ? (
        <p>No revenue in this range.</p>
      ) : (
        <table class="totals">
          <caption>Totals per currency</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Revenue</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {currencies.map((code) => (
              <tr key={code}>
                <th scope="row">{code === "XXX" ? "none (XXX)" : code}</th>
                <td>{formatMoney(totals.revenue[code] ?? 0, code)}</td>
                <td>{formatMoney(totals.value[code] ?? 0, code)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Every row's figures: the chart's accessible counterpart. */
function ReportTable(props: { report: Report; groupLabel: string }) {
  const { report } = props;
  return (
    <div
      class="table-scroll"
      tabIndex={0}
      role="region"
      aria-label="Report table"
    >
      <table>
        <thead>
          <tr>
            <th scope="col">{props.groupLabel}</th>
            <th scope="col">Events</th>
            <th scope="col">Conversions</th>
            <th scope="col">After a click</th>
            <th scope="col">After a view</th>
            <th scope="col">Revenue</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key ?? ""}>
              <th scope="row">{keyLabel(report.group_by, row.key)}</th>
              <td>{row.events}</td>
              <td>{row.conversions}</td>
              <td>{row.post_click_conversions}</td>
              <td>{row.post_view_conversions}</td>
              <td>{moneyText(row.revenue)}</td>
              <td>{moneyText(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
