import { useEffect, useState } from "preact/hooks";
import { PIXEL_OPTIONS } from "../../../src/pixels/pixel-options";
import { ApiFailure, unwrap, type SavedPixelSummary } from "../api/client";
import { useBuilder } from "./context";
import { SelectField } from "./controls";
import { hrefFor, navigate } from "./route";
import { StatusBadge } from "./StatusBadge";

const PAGE_SIZE = 20;
type Status = "" | "unverified" | "active" | "inactive";
const STATUS_OPTIONS: readonly { value: Status; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "unverified", label: "Unverified (no event yet)" },
  { value: "active", label: "Active (event in the last 24 h)" },
  { value: "inactive", label: "Inactive (stopped firing)" },
];
type State = "" | "active" | "inactive";
const STATE_OPTIONS: readonly { value: State; label: string }[] = [
  { value: "", label: "Any state" },
  { value: "active", label: "On (active)" },
  { value: "inactive", label: "Off (inactive)" },
];
type Shared = "" | "true" | "false";
const SHARED_OPTIONS: readonly { value: Shared; label: string }[] = [
  { value: "", label: "Own and shared" },
  { value: "false", label: "Own pixels only" },
  { value: "true", label: "Shared with this account" },
];
type PixelType = "" | "pageview" | "conversion" | "microconversion";
const TYPE_OPTIONS: readonly { value: PixelType; label: string }[] = [
  { value: "", label: "All types" },
  ...PIXEL_OPTIONS.pixel_types,
];

/** The list's filters, named as the `GET /saved-pixels` query parameters; "" is no filter. */
interface Filters {
  pixel_type: PixelType;
  status: Status;
  state: State;
  shared: Shared;
}
const NO_FILTERS: Filters = {
  pixel_type: "",
  status: "",
  state: "",
  shared: "",
};
/** One select per filter, in the order they stand above the list. */
const FILTER_FIELDS: readonly {
  key: keyof Filters;
  id: string;
  label: string;
  options: readonly { value: string; label: string }[];
}[] = [
  {
    key: "pixel_type",
    id: "filter-type",
    label: "Filter by pixel type",
    options: TYPE_OPTIONS,
  },
  {
    key: "status",
    id: "filter-status",
    label: "Filter by status",
    options: STATUS_OPTIONS,
  },
  {
    key: "state",
    id: "filter-state",
    label: "Filter by state",
    options: STATE_OPTIONS,
  },
  {
    key: "shared",
    id: "filter-shared",
    label: "Filter by owner",
    options: SHARED_OPTIONS,
  },
];

const labelOf = (
  list: readonly { value: string; label: string }[],
  v: string,
) => list.find((o) => o.value === v)?.label ?? v;

/** The account's pixels: search by name, filter by type and status, page through. */
export function PixelList() {
  const { api, account, canWrite, alert, announce, signOut } = useBuilder();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const { pixel_type, status, state, shared } = filters;
  const [switching, setSwitching] = useState<string | null>(null);
  /** Sets one filter; a new filter starts at the first page. */
  const filterBy = (key: keyof Filters, value: string) => {
    setFilters((old) => ({ ...old, [key]: value }));
    setOffset(0);
  };
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{
    items: SavedPixelSummary[];
    total: number;
  } | null>(null);

  // Searching waits for a pause in typing; the field itself never waits.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = search.trim();
      if (next === query) return;
      setQuery(next);
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    let live = true;
    unwrap(
      api.GET("/saved-pixels", {
        params: {
          query: {
            account_id: account,
            limit: PAGE_SIZE,
            offset,
            ...(query ? { search: query } : {}),
            ...(pixel_type ? { pixel_type } : {}),
            ...(status ? { status } : {}),
            ...(state ? { state } : {}),
            ...(shared ? { shared: shared === "true" } : {}),
          },
        },
      }),
    )
      .then(({ value, meta }) => {
        if (live) setPage({ items: value, total: meta?.total ?? 0 });
      })
      .catch((error: unknown) => {
        if (error instanceof ApiFailure && error.status === 401)
          signOut("Your token was refused; sign in again.");
        else if (live) alert((error as Error).message);
      });
    return () => {
      live = false;
    };
  }, [api, account, query, pixel_type, status, state, shared, offset]);

  /**
   * The on/off switch: the pixel's current version (its ETag), then PUT
   * {state} with If-Match, so a switch never overwrites an edit made meanwhile.
   */
  const switchState = async (pixel: SavedPixelSummary, on: boolean) => {
    const next = on ? "active" : "inactive";
    setSwitching(pixel.id);
    try {
      const params = {
        path: { pixel_id: pixel.id },
        query: { account_id: account },
      };
      const current = await unwrap(
        api.GET("/saved-pixels/{pixel_id}", { params }),
      );
      const { value } = await unwrap(
        api.PUT("/saved-pixels/{pixel_id}", {
          params: {
            ...params,
            header: { "If-Match": current.response.headers.get("ETag") ?? "" },
          },
          body: { state: next },
        }),
      );
      setPage(
        (old) =>
          old && {
            ...old,
            items: old.items.map((item) =>
              item.id === pixel.id ? { ...item, state: value.state } : item,
            ),
          },
      );
      announce(
        `“${pixel.name}” is ${on ? "on: its events count" : "off: its events no longer count"}.`,
      );
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401)
        signOut("Your token was refused; sign in again.");
      else if (error instanceof ApiFailure && error.status === 412)
        alert(
          `Not switched: “${pixel.name}” was changed at the same moment. Try again.`,
        );
      else alert(`Not switched: ${(error as Error).message}`);
    } finally {
      setSwitching(null);
    }
  };

  const total = page?.total ?? 0;
  return (
    <section aria-labelledby="pixels-title">
      <div class="bar">
        <h1 id="pixels-title">Pixels</h1>
        <button
          type="button"
          disabled={!canWrite}
          aria-describedby={canWrite ? undefined : "read-only-note"}
          onClick={() => navigate({ screen: "new" })}
        >
          New pixel
        </button>
      </div>
      {!canWrite && (
        <p id="read-only-note" class="note">
          Your role on this account is read-only: you can look at pixels and
          their code but not change them.
        </p>
      )}
      <div class="filters" role="search">
        <div class="control">
          <label for="search">Search by name</label>
          <input
            id="search"
            type="search"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </div>
        {FILTER_FIELDS.map((field) => (
          <SelectField
            key={field.id}
            id={field.id}
            label={field.label}
            value={filters[field.key]}
            options={field.options}
            onValue={(value) => filterBy(field.key, value)}
          />
        ))}
        <button
          type="button"
          class="secondary"
          aria-pressed={status === "inactive"}
          onClick={() => {
            filterBy("status", status === "inactive" ? "" : "inactive");
          }}
        >
          Stopped firing
        </button>
      </div>
      {page && page.items.length === 0 ? (
        <p class="empty">
          {query || pixel_type || status || state || shared
            ? "No pixel matches these filters."
            : "No pixels yet on this account."}
        </p>
      ) : (
        <table class="pixels">
          <caption class="visually-hidden">Pixels of account {account}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Platform</th>
              <th scope="col">Status</th>
              <th scope="col">On</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((pixel) => (
              <tr key={pixel.id}>
                <td>
                  <a href={hrefFor({ screen: "pixel", id: pixel.id })}>
                    {pixel.name}
                  </a>
                  {pixel.shared && (
                    <span class="badge shared">
                      Shared by {pixel.owner_account_id}
                    </span>
                  )}
                  {pixel.description && (
                    <div class="muted">{pixel.description}</div>
                  )}
                </td>
                <td>
                  {labelOf(PIXEL_OPTIONS.pixel_types, pixel.pixel_type)}
                  {pixel.conversion_type ? ` · ${pixel.conversion_type}` : ""}
                </td>
                <td>
                  {labelOf(
                    PIXEL_OPTIONS.target_platforms,
                    pixel.target_platform,
                  )}
                </td>
                <td>
                  <StatusBadge
                    status={pixel.status}
                    lastEventAt={pixel.last_event_at}
                  />
                </td>
                <td>
                  <label class="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={pixel.state === "active"}
                      disabled={
                        !canWrite || pixel.shared || switching === pixel.id
                      }
                      aria-label={`${pixel.name} active`}
                      onChange={(event) =>
                        void switchState(pixel, event.currentTarget.checked)
                      }
                    />
                    <span aria-hidden="true">
                      {pixel.state === "active" ? "On" : "Off"}
                    </span>
                  </label>
                </td>
                <td>
                  <time dateTime={pixel.created_at}>
                    {new Date(pixel.created_at).toLocaleDateString()}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        <button
          type="button"
          class="secondary"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          Previous page
        </button>
        <span aria-live="polite">
          {total === 0
            ? "0 pixels"
            : `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}`}
        </span>
        <button
          type="button"
          class="secondary"
          disabled={offset + PAGE_SIZE >= total}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
