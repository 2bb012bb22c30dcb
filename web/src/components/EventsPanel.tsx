import { useEffect, useState } from "preact/hooks";
import { ApiFailure, unwrap, type PixelEvent } from "../api/client";
import { ageOf, countedText } from "../format";
import { useBuilder } from "./context";

const POLL_MS = 5000;

/** The pixel's most recent events (newest first), refreshed while the panel is open. */
export function EventsPanel(props: { pixelId: string }) {
  const { api, account, signOut } = useBuilder();
  const [events, setEvents] = useState<PixelEvent[] | null>(null);
  const [problem, setProblem] = useState("");

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (document.visibilityState !== "hidden") {
        try {
          const { value } = await unwrap(
            api.GET("/saved-pixels/{pixel_id}/events", {
              params: {
                path: { pixel_id: props.pixelId },
                query: { account_id: account },
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
      }
      if (live) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [props.pixelId, account]);

  return (
    <section class="events" aria-labelledby="events-title">
      <h2 id="events-title">Recent events</h2>
      <p class="muted">
        Install the code on a page and load it: events appear here within a few
        seconds.
      </p>
      {problem && <p class="note">{problem}</p>}
      {events && events.length === 0 && <p>No events yet for this pixel.</p>}
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
                <th scope="col">Transaction</th>
                <th scope="col">Visitor</th>
                <th scope="col">Source</th>
                <th scope="col">Page</th>
                <th scope="col">Warnings</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.event_id}>
                  <td>
                    <time dateTime={event.received_at}>
                      {ageOf(event.received_at)}
                    </time>
                  </td>
                  <td>
                    {event.type}
                    {event.conversion_type ? ` · ${event.conversion_type}` : ""}
                  </td>
                  <td class={event.counted ? "counted" : "not-counted"}>
                    {countedText(event)}
                  </td>
                  <td>
                    {event.revenue ?? ""} {event.currency ?? ""}
                  </td>
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
