import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, unwrap, type SavedPixel } from "../api/client";
import { groupFieldErrors, type FieldErrors } from "../api/field-errors";
import {
  draftFromPixel,
  draftProblems,
  emptyDraft,
  sameDraft,
  toRequestBody,
  type PixelDraft,
} from "../draft";
import { useBuilder } from "./context";
import { EventsPanel } from "./EventsPanel";
import { HistoryPanel } from "./HistoryPanel";
import { InstallCode } from "./InstallCode";
import { navigate } from "./route";
import { EDITOR_SECTIONS } from "./sections";
import { SharingPanel } from "./SharingPanel";
import { StatusBadge } from "./StatusBadge";

interface Saved {
  pixel: SavedPixel;
  etag: string;
  draft: PixelDraft;
}

/**
 * One pixel's form (new when pixelId is null), its live install code and, once
 * saved, its recent events. The draft is kept as typed through failed saves.
 */
export function PixelEditor(props: { pixelId: string | null }) {
  const builder = useBuilder();
  const { api, account, canWrite } = builder;
  const [saved, setSaved] = useState<Saved | null>(null);
  const [draft, setDraft] = useState<PixelDraft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState("");
  const formRef = useRef<HTMLFormElement>(null);

  const fail = (error: unknown) => {
    if (error instanceof ApiFailure && error.status === 401) {
      builder.signOut("Your token was refused; sign in again.");
      return;
    }
    builder.alert((error as Error).message);
  };

  /** The server's version becomes both the saved state and the form. */
  const accept = (pixel: SavedPixel, response: Response) => {
    const next = draftFromPixel(pixel);
    setSaved({ pixel, etag: response.headers.get("ETag") ?? "", draft: next });
    setDraft(next);
    setErrors({});
    setStale(false);
  };

  const load = async (id: string) => {
    try {
      const { value, response } = await unwrap(
        api.GET("/saved-pixels/{pixel_id}", {
          params: { path: { pixel_id: id }, query: { account_id: account } },
        }),
      );
      accept(value, response);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 404)
        setLoadError(
          "This pixel does not exist on this account (or was deleted).",
        );
      else fail(error);
    }
  };

  useEffect(() => {
    if (props.pixelId) void load(props.pixelId);
  }, [props.pixelId]);

  const dirty = saved ? !sameDraft(saved.draft, draft) : draft.name !== "";
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const showErrors = (next: FieldErrors, message: string) => {
    setErrors(next);
    builder.alert(message);
    // Focus the first control the API named, so keyboard users land on it.
    setTimeout(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>(
        "[aria-invalid=true]",
      );
      invalid?.focus();
    }, 0);
  };

  const save = async () => {
    // Text that cannot become a number never reaches the API: say so where it is.
    const problems = draftProblems(draft);
    if (Object.keys(problems).length > 0)
      return showErrors(problems, "Not saved: fix the fields marked below.");
    setBusy(true);
    try {
      const body = toRequestBody(draft);
      const { value, response } = saved
        ? await unwrap(
            api.PUT("/saved-pixels/{pixel_id}", {
              params: {
                path: { pixel_id: saved.pixel.id },
                query: { account_id: account },
                header: { "If-Match": saved.etag },
              },
              body,
            }),
          )
        : await unwrap(
            api.POST("/saved-pixels", {
              params: { query: { account_id: account } },
              body,
            }),
          );
      accept(value, response);
      builder.announce(`Saved “${value.name}”.`);
      if (!saved) navigate({ screen: "pixel", id: value.id }, true);
    } catch (error) {
      if (!(error instanceof ApiFailure)) return fail(error);
      if (error.status === 400)
        showErrors(
          groupFieldErrors(error.details),
          "Not saved: fix the fields marked below.",
        );
      else if (error.status === 409)
        showErrors(
          { name: ["Another pixel in this account already has this name."] },
          "Not saved: the name is taken.",
        );
      else if (error.status === 412) {
        setStale(true);
        builder.alert(
          "Not saved: this pixel was changed elsewhere since you opened it.",
        );
      } else fail(error);
    } finally {
      setBusy(false);
    }
  };

  /** Restores a version (a new version, as saving would be); a stale form gets 412. */
  const restore = async (version: number) => {
    if (!saved) return;
    if (
      dirty &&
      !confirm(
        `Restore version ${version}? Your unsaved changes in the form are replaced.`,
      )
    )
      return;
    try {
      const { value, response } = await unwrap(
        api.POST("/saved-pixels/{pixel_id}/versions/{version}/restore", {
          params: {
            path: { pixel_id: saved.pixel.id, version: String(version) },
            query: { account_id: account },
            header: { "If-Match": saved.etag },
          },
        }),
      );
      accept(value, response);
      builder.announce(
        `Restored version ${version}; it is now the current version.`,
      );
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 412) {
        setStale(true);
        builder.alert(
          "Not restored: this pixel was changed elsewhere since you opened it. Reload it, then restore.",
        );
      } else if (error instanceof ApiFailure && error.status === 409)
        builder.alert(
          `Not restored: another pixel in this account now has version ${version}'s name. Rename that pixel first.`,
        );
      else fail(error);
    }
  };

  const remove = async () => {
    if (!saved) return;
    if (
      !confirm(
        `Delete the pixel “${saved.pixel.name}”? Its code stops being accepted.`,
      )
    )
      return;
    try {
      await unwrap(
        api.DELETE("/saved-pixels/{pixel_id}", {
          params: {
            path: { pixel_id: saved.pixel.id },
            query: { account_id: account },
            header: { "If-Match": saved.etag },
          },
        }),
      );
      builder.announce(`Deleted “${saved.pixel.name}”.`);
      navigate({ screen: "list" });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 412) {
        setStale(true);
        builder.alert("Not deleted: this pixel was changed elsewhere.");
      } else fail(error);
    }
  };

  if (loadError)
    return (
      <section>
        <h1>Pixel not found</h1>
        <p>{loadError}</p>
        <a href="#/">Back to the pixels</a>
      </section>
    );
  if (props.pixelId && !saved) return <p aria-busy="true">Loading…</p>;

  // A pixel another account shared with this one is read-only here (§11).
  const sharedBy =
    saved && saved.pixel.account_id !== account ? saved.pixel.account_id : null;
  const readOnly = !canWrite || sharedBy !== null;
  return (
    <div class="editor">
      <div class="main-column">
        <form
          ref={formRef}
          class="pixel-form"
          aria-labelledby="editor-title"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!readOnly && !busy) void save();
          }}
        >
          <div class="bar">
            <h1 id="editor-title">{saved ? saved.pixel.name : "New pixel"}</h1>
            {saved && (
              <StatusBadge
                status={saved.pixel.status}
                lastEventAt={saved.pixel.last_event_at}
              />
            )}
          </div>
          <p class="muted">
            <a href="#/">← All pixels</a>
            {saved && (
              <>
                {" "}
                · id <code>{saved.pixel.id}</code> ·{" "}
                <a href={`#/pixels/${saved.pixel.id}/report`}>Report</a>
              </>
            )}
            {dirty && " · unsaved changes"}
          </p>
          {sharedBy && (
            <p class="note" id="shared-note">
              Shared with this account by <strong>{sharedBy}</strong>: you can
              read it, its code and events; only {sharedBy} can change it.
            </p>
          )}
          {stale && (
            <div class="conflict" role="group" aria-label="Changed elsewhere">
              <p>
                Changed elsewhere: someone saved this pixel after you opened it.
                Your edits are still in the form. Reload to see the latest
                version (your edits will be replaced).
              </p>
              <button
                type="button"
                onClick={() => props.pixelId && void load(props.pixelId)}
              >
                Reload latest version
              </button>
            </div>
          )}
          {errors[""] && (
            <div class="error form-error">{errors[""].join(" ")}</div>
          )}
          <fieldset class="sections" disabled={readOnly}>
            {EDITOR_SECTIONS.filter(({ when }) => !when || when(draft)).map(
              ({ id, title, Component }) => (
                <section
                  key={id}
                  class="form-section"
                  aria-labelledby={`section-${id}`}
                >
                  <h2 id={`section-${id}`}>{title}</h2>
                  <Component
                    draft={draft}
                    errors={errors}
                    readOnly={readOnly}
                    update={(patch) => setDraft((d) => ({ ...d, ...patch }))}
                  />
                </section>
              ),
            )}
          </fieldset>
          <div class="actions">
            <button type="submit" disabled={readOnly || busy}>
              Save
            </button>
            {saved && (
              <button
                type="button"
                class="danger"
                disabled={readOnly || busy}
                onClick={() => void remove()}
              >
                Delete
              </button>
            )}
          </div>
        </form>
        {saved && !sharedBy && (
          <div class="collaborate">
            <SharingPanel pixelId={saved.pixel.id} />
            <HistoryPanel
              pixelId={saved.pixel.id}
              etag={saved.etag}
              restore={restore}
            />
          </div>
        )}
      </div>
      <aside class="side">
        <InstallCode
          draft={draft}
          savedId={saved && !dirty ? saved.pixel.id : null}
        />
        {saved && <EventsPanel pixelId={saved.pixel.id} />}
      </aside>
    </div>
  );
}
