import { useEffect, useState } from "preact/hooks";
import { ApiFailure, unwrap, type PixelShare } from "../api/client";
import { ageOf } from "../format";
import { useBuilder } from "./context";
import { detailsText, useFailureHandler } from "./failures";

/**
 * The accounts a pixel is shared with (contract §11), for the owner's account:
 * list, add, remove. Without the write scope the list is shown, the controls
 * disabled.
 */
export function SharingPanel(props: { pixelId: string }) {
  const { api, account, canWrite, announce, alert } = useBuilder();
  const [shares, setShares] = useState<PixelShare[] | null>(null);
  const [other, setOther] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const failed = useFailureHandler();

  const load = async () => {
    try {
      const { value } = await unwrap(
        api.GET("/saved-pixels/{pixel_id}/accounts", {
          params: {
            path: { pixel_id: props.pixelId },
            query: { account_id: account },
          },
        }),
      );
      setShares(value);
    } catch (problem) {
      failed(problem);
    }
  };
  useEffect(() => void load(), [props.pixelId, account]);

  const add = async () => {
    setBusy(true);
    setError("");
    try {
      const id = other.trim();
      await unwrap(
        api.POST("/saved-pixels/{pixel_id}/accounts", {
          params: {
            path: { pixel_id: props.pixelId },
            query: { account_id: account },
          },
          body: { account_id: id },
        }),
      );
      setOther("");
      announce(`Shared with ${id}.`);
      await load();
    } catch (problem) {
      if (problem instanceof ApiFailure && problem.status === 400) {
        const message = detailsText(problem);
        setError(message);
        alert(`Not shared: ${message}`);
      } else failed(problem);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await unwrap(
        api.DELETE("/saved-pixels/{pixel_id}/accounts/{shared_account_id}", {
          params: {
            path: { pixel_id: props.pixelId, shared_account_id: id },
            query: { account_id: account },
          },
        }),
      );
      announce(`No longer shared with ${id}.`);
      await load();
    } catch (problem) {
      failed(problem);
    }
  };

  return (
    <section class="panel" aria-labelledby="sharing-title">
      <h2 id="sharing-title">Sharing</h2>
      <p class="muted">
        Accounts that may read this pixel, its code, events and reports. Only
        this account can change it.
      </p>
      {shares && shares.length === 0 && <p>Not shared with any account.</p>}
      {shares && shares.length > 0 && (
        <ul class="shares">
          {shares.map((share) => (
            <li key={share.account_id}>
              <strong>{share.account_id}</strong>{" "}
              <span class="muted">
                shared{" "}
                <time dateTime={share.shared_at}>{ageOf(share.shared_at)}</time>{" "}
                by user {String(share.shared_by)}
              </span>{" "}
              <button
                type="button"
                class="secondary"
                disabled={!canWrite}
                onClick={() => void remove(share.account_id)}
              >
                Stop sharing with {share.account_id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (canWrite && !busy && other.trim()) void add();
        }}
      >
        <div class={`control${error ? " invalid" : ""}`}>
          <label for="share-account">Share with account</label>
          <input
            id="share-account"
            type="text"
            autocomplete="off"
            value={other}
            disabled={!canWrite}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "share-account-error" : undefined}
            onInput={(event) => setOther(event.currentTarget.value)}
          />
          {error && (
            <div id="share-account-error" class="error">
              {error}
            </div>
          )}
        </div>
        <button type="submit" disabled={!canWrite || busy || !other.trim()}>
          Share
        </button>
      </form>
    </section>
  );
}
