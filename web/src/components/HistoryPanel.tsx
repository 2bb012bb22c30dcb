import { useEffect, useState } from "preact/hooks";
import { unwrap, type PixelVersion, type SavedPixel } from "../api/client";
import { ageOf } from "../format";
import { useBuilder } from "./context";
import { useFailureHandler } from "./failures";

const VERSIONS_SHOWN = 50;

/** What a version's snapshot shows: the pixel as saved, without its ids and event-derived fields. */
const HIDDEN_IN_SNAPSHOT = new Set([
  "id",
  "account_id",
  "status",
  "last_event_at",
]);

function snapshotOf(pixel: SavedPixel): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(pixel).filter(([key]) => !HIDDEN_IN_SNAPSHOT.has(key)),
  );
}

/**
 * The pixel's versions (contract §11), newest first: who changed what, each
 * version's snapshot on demand, and restore (with If-Match: a stale form gets
 * 412, a name taken meanwhile 409; the editor handles both).
 */
export function HistoryPanel(props: {
  pixelId: string;
  /** The editor's ETag: the list reloads when the pixel changes. */
  etag: string;
  restore(version: number): Promise<void>;
}) {
  const { api, account, canWrite } = useBuilder();
  const failed = useFailureHandler();
  const [versions, setVersions] = useState<PixelVersion[] | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    unwrap(
      api.GET("/saved-pixels/{pixel_id}/versions", {
        params: {
          path: { pixel_id: props.pixelId },
          query: { account_id: account, limit: VERSIONS_SHOWN },
        },
      }),
    )
      .then(({ value }) => live && setVersions(value))
      .catch((problem: unknown) => live && failed(problem));
    return () => {
      live = false;
    };
  }, [props.pixelId, props.etag, account]);

  const current = versions?.[0]?.version;
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {versions === null && <p aria-busy="true">Loading…</p>}
      {versions && (
        <ol class="versions">
          {versions.map((entry) => {
            const n = entry.version;
            const shown = open === n;
            return (
              <li key={n}>
                <div class="bar">
                  <span>
                    <strong>Version {n}</strong>
                    {n === current ? " (current)" : ""} ·{" "}
                    <time dateTime={entry.changed_at}>
                      {ageOf(entry.changed_at)}
                    </time>{" "}
                    by user {String(entry.changed_by)}
                  </span>
                  <span class="artifact-actions">
                    <button
                      type="button"
                      class="secondary"
                      aria-expanded={shown}
                      aria-controls={`version-${n}`}
                      onClick={() => setOpen(shown ? null : n)}
                    >
                      {shown ? "Hide" : "View"} version {n}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      disabled={!canWrite || busy || n === current}
                      onClick={() => {
                        setBusy(true);
                        void props.restore(n).finally(() => setBusy(false));
                      }}
                    >
                      Restore version {n}
                    </button>
                  </span>
                </div>
                <div class="muted">
                  Changed:{" "}
                  {entry.changes.length ? entry.changes.join(", ") : "nothing"}
                </div>
                {shown && (
                  <pre
                    id={`version-${n}`}
                    class="snapshot"
                    tabIndex={0}
                    aria-label={`Version ${n} as saved`}
                  >
                    {JSON.stringify(snapshotOf(entry.pixel), null, 2)}
                  </pre>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
