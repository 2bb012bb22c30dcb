import { useEffect, useState } from "preact/hooks";
import {
  ApiFailure,
  unwrap,
  type CreatedIngestKey,
  type IngestKey,
} from "../api/client";
import { ageOf } from "../format";
import { useBuilder } from "./context";
import { detailsText, useFailureHandler } from "./failures";

/**
 * The account's ingest keys for server-side events (contract §9): create (the
 * key is shown once, with Copy), list with when each was last used, revoke
 * after a confirmation. Creating and revoking need the write scope.
 */
export function IngestKeys() {
  const { api, account, canWrite, announce, alert } = useBuilder();
  const [keys, setKeys] = useState<IngestKey[] | null>(null);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState("");
  const [created, setCreated] = useState<CreatedIngestKey | null>(null);
  const [busy, setBusy] = useState(false);

  const failed = useFailureHandler();

  const load = async () => {
    try {
      const { value } = await unwrap(
        api.GET("/ingest-keys", { params: { query: { account_id: account } } }),
      );
      setKeys(value);
    } catch (problem) {
      failed(problem);
    }
  };
  useEffect(() => void load(), [account]);

  const create = async () => {
    setBusy(true);
    setNameError("");
    try {
      const { value } = await unwrap(
        api.POST("/ingest-keys", {
          params: { query: { account_id: account } },
          body: { name },
        }),
      );
      setCreated(value);
      setName("");
      announce(
        `Created the key “${value.name}”. Copy it now: it is shown once.`,
      );
      await load();
      setTimeout(() => document.getElementById("new-key")?.focus(), 0);
    } catch (problem) {
      if (problem instanceof ApiFailure && problem.status === 400) {
        const message = detailsText(problem);
        setNameError(message);
        alert(`Not created: ${message}`);
        document.getElementById("key-name")?.focus();
      } else failed(problem);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: IngestKey) => {
    if (
      !confirm(
        `Revoke the key “${key.name}”? Servers using it get 401 from now on; this cannot be undone.`,
      )
    )
      return;
    try {
      await unwrap(
        api.DELETE("/ingest-keys/{key_id}", {
          params: { path: { key_id: key.id }, query: { account_id: account } },
        }),
      );
      if (created?.id === key.id) setCreated(null);
      announce(`Revoked the key “${key.name}”.`);
      await load();
    } catch (problem) {
      failed(problem);
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Ingest keys</h1>
      <p class="muted">
        A server sends events to <code>POST /events</code> with an ingest key of
        this account (not your sign-in token). Pick “Server” under a pixel's
        install code for a ready curl command and Node.js function.
      </p>
      {!canWrite && (
        <p class="note">
          Your role on this account is read-only: you can see the keys but not
          create or revoke them.
        </p>
      )}
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (canWrite && !busy) void create();
        }}
      >
        <div class={`control${nameError ? " invalid" : ""}`}>
          <label for="key-name">Key name</label>
          <input
            id="key-name"
            type="text"
            autocomplete="off"
            value={name}
            disabled={!canWrite}
            placeholder="Checkout backend"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "key-name-error" : undefined}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          {nameError && (
            <div id="key-name-error" class="error">
              {nameError}
            </div>
          )}
        </div>
        <button type="submit" disabled={!canWrite || busy}>
          Create key
        </button>
      </form>
      {created && (
        <div class="new-key" role="group" aria-labelledby="new-key-title">
          <h2 id="new-key-title">New key “{created.name}”</h2>
          <p>
            Copy it now and keep it on your server (an environment variable such
            as <code>SPX_INGEST_KEY</code>): it is not shown again.
          </p>
          <div class="bar">
            <input
              id="new-key"
              class="secret"
              type="text"
              readOnly
              value={created.key}
              aria-label="New ingest key"
              onFocus={(event) => event.currentTarget.select()}
            />
            <button
              type="button"
              class="secondary"
              onClick={() =>
                navigator.clipboard.writeText(created.key).then(
                  () => announce("Copied the key."),
                  () => alert("Copying failed: select the key and copy it."),
                )
              }
            >
              Copy
            </button>
            <button type="button" class="link" onClick={() => setCreated(null)}>
              Done, hide it
            </button>
          </div>
        </div>
      )}
      {keys && keys.length === 0 && <p>No ingest keys on this account.</p>}
      {keys && keys.length > 0 && (
        <table class="keys">
          <caption class="visually-hidden">
            Ingest keys of account {account}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td>
                  {key.name} <code class="muted">{key.id}</code>
                </td>
                <td>
                  <time dateTime={key.created_at}>{ageOf(key.created_at)}</time>
                </td>
                <td>
                  {key.last_used_at ? (
                    <time dateTime={key.last_used_at}>
                      {ageOf(key.last_used_at)}
                    </time>
                  ) : (
                    "never"
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="danger"
                    disabled={!canWrite}
                    onClick={() => void revoke(key)}
                  >
                    Revoke {key.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
