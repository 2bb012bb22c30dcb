import { useEffect, useState } from "preact/hooks";
import { ApiFailure, unwrap, type PixelEvent } from "../api/client";
import { ageOf, attributionText, countedText } from "../format";
import { startPolling } from "../polling";
import { newTestCode, testPageUrl } from "../test-event-url";
import { useBuilder } from "./context";
import { SelectField, TextField } from "./controls";

const POLL_MS = 5000;

/** Which events the panel lists: `test` is the events route's `test` query parameter (§9). */
type Shown = "all" | "test" | "real";
const SHOWN_OPTIONS: readonly { value: Shown; label: string }[] = [
  { value: "all", label: "All events" },
  { value: "test", label: "Test events only" },
  { value: "real", label: "Real events only" },
];
const TEST_QUERY: Record<Shown, boolean | undefined> = {
  all: undefined,
  test: true,
  real: false,
};

/**
 * Verify (issue #16): the pixel's most recent events, newest first, each with
 * counted / not counted and why, its attribution and warnings, refreshed while
 * the panel is open and the page visible; and "Send a test event", which opens
 * the user's page with `spx_test=CODE` so its events arrive as test events.
 */
export function EventsPanel(props: { pixelId: string }) {
  const [open, setOpen] = useState(true);
  const [shown, setShown] = useState<Shown>("all");
  return (
    <section class="events" aria-labelledby="events-title">
      <div class="bar">
        <h2 id="events-title">Verify: recent events</h2>
        <button
          type="button"
          class="secondary"
          aria-expanded={open}
          aria-controls="events-body"
          onClick={() => setOpen(!open)}
        >
          {open ? "Hide events" : "Show events"}
        </button>
      </div>
      {open && (
        <div id="events-body">
          <SendTestEvent onSent={() => setShown("test")} />
          <SelectField
            id="events-shown"
            label="Events to show"
            value={shown}
            options={SHOWN_OPTIONS}
            onValue={(value) => setShown(value)}
          />
          {/* Keyed: another choice starts empty, never showing the last choice's rows. */}
          <EventsTable key={shown} pixelId={props.pixelId} shown={shown} />
        </div>
      )}
    </section>
  );
}

/** The helper: the user's page URL, opened in a new tab with this panel's test code. */
function SendTestEvent(props: { onSent(): void }) {
  const { announce } = useBuilder();
  const [code] = useState(() => newTestCode());
  const [page, setPage] = useState("");
  const [problem, setProblem] = useState("");
  return (
    <form
      class="send-test"
      aria-labelledby="send-test-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const result = testPageUrl(page, code);
        if (!result.ok) return setProblem(result.message);
        setProblem("");
        // noopener: the user's page gets no handle on the builder's window.
        window.open(result.url, "_blank", "noopener");
        props.onSent();
        announce(
          `Opened your page with test code ${code}; its events appear below as test events.`,
        );
      }}
    >
      <h3 id="send-test-title">Send a test event</h3>
      <div class="inline-form">
        <TextField
          id="test-page-url"
          label="Your page URL"
          value={page}
          placeholder="https://shop.example/thank-you"
          errors={problem ? [problem] : undefined}
          onValue={setPage}
        />
        <button type="submit">Open page with test code</button>
      </div>
      <p class="hint" id="test-code-hint">
        Opens the page (with this pixel's code installed) with{" "}
        <code>spx_test={code}</code> in its address: its events are stored as
        test events, never counted and never in reports. Server events: send{" "}
        <code>"test_event_code": "{code}"</code>.
      </p>
    </form>
  );
}

/** The events the route answers for `shown`, polled every POLL_MS while mounted and visible. */
function EventsTable(props: { pixelId: string; shown: Shown }) {
  const { api, account, signOut } = useBuilder();
  const [events, setEvents] = useState<PixelEvent[] | null>(null);
  const [problem, setProblem] = useState("");

  useEffect(() => {
    let live = true;
    const test = TEST_QUERY[props.shown];
    const stop = startPolling(async () => {
      try {
        const { value } = await unwrap(
          api.GET("/saved-pixels/{pixel_id}/events", {
            params: {
              path: { pixel_id: props.pixelId },
              query: {
                account_id: account,
                ...(test === undefined ? {} : { test }),
              },
            },
          }),
        );
        if (live) {
          setEvents(value);
          setProblem("");
        }
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401)
          return signOut("Your token was refused; sign in again.");
        if (live) setProblem((error as Error).message);
      }
    }, POLL_MS);
    return () => {
      live = false;
      stop();
    };
  }, [props.pixelId, props.shown, account]);

  return (
    <>
      <p class="muted">
        Install the code on a page and load it: events appear here within a few
        seconds.
      </p>
      {problem && <p class="note">{problem}</p>}
      {events && events.length === 0 && (
        <p>
          {props.shown === "test"
            ? "No test events yet: open your page with the button above."
            : props.shown === "real"
              ? "No real events yet for this pixel."
              : "No events yet for this pixel."}
        </p>
      )}
      {events && events.length > 0 && (
        <div
          class="table-scroll"
          tabIndex={0}
          role="region"
          aria-label="Recent events table"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Type</th>
                <th scope="col">Counted</th>
                <th scope="col">Revenue</th>
                <th scope="col">Attribution</th>
                <th scope="col">Transaction</th>
                <th scope="col">Visitor</th>
                <th scope="col">Source</th>
                <th scope="col">Page</th>
                <th scope="col">Warnings</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <EventRow key={event.event_id} event={event} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function EventRow({ event }: { event: PixelEvent }) {
  const credited =
    event.revenue === null && event.value !== null
      ? `value ${event.value}`
      : "";
  return (
    <tr>
      <td>
        <time dateTime={event.received_at}>{ageOf(event.received_at)}</time>
      </td>
      <td>
        {event.type}
        {event.conversion_type ? ` · ${event.conversion_type}` : ""}
        {event.test ? " · test" : ""}
      </td>
      <td class={event.counted ? "counted" : "not-counted"}>
        {countedText(event)}
      </td>
      <td>
        {event.revenue ?? credited} {event.currency ?? ""}
      </td>
      <td>{attributionText(event.attribution)}</td>
      <td>{event.transaction_id ?? ""}</td>
      <td class="id">{event.visitor_id ?? ""}</td>
      <td>{event.source}</td>
      <td class="url">{event.page_url ?? ""}</td>
      <td>
        {event.warnings.length ? (
          <ul class="warnings">
            {event.warnings.map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        ) : (
          "none"
        )}
      </td>
    </tr>
  );
}
