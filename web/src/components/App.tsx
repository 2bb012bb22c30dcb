import { useCallback, useMemo, useState } from "preact/hooks";
import { apiClient } from "../api/client";
import {
  ACCOUNT_KEY,
  canWrite,
  decodeTokenClaims,
  takeTokenFromFragment,
  TOKEN_KEY,
} from "../session";
import { BuilderContext, type Builder } from "./context";
import { IngestKeys } from "./IngestKeys";
import { LazyReport } from "./LazyReport";
import { PixelEditor } from "./PixelEditor";
import { PixelList } from "./PixelList";
import { useRoute } from "./route";
import { SignIn } from "./SignIn";

function initialToken(): string | null {
  const fromLink = takeTokenFromFragment(location, history);
  if (fromLink) sessionStorage.setItem(TOKEN_KEY, fromLink);
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The builder: sign-in, then the pixels list or one pixel's editor. */
export function App() {
  const [token, setToken] = useState(initialToken);
  const [signInNote, setSignInNote] = useState("");
  const [status, setStatus] = useState("");
  const [alertText, setAlertText] = useState("");
  const claims = useMemo(
    () => (token ? decodeTokenClaims(token) : null),
    [token],
  );
  const [account, setAccount] = useState(
    () => sessionStorage.getItem(ACCOUNT_KEY) ?? "",
  );
  const route = useRoute();

  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ACCOUNT_KEY);
    setToken(null);
    setSignInNote(reason ?? "");
  }, []);

  const current =
    claims?.accounts.find((a) => a.id === account) ?? claims?.accounts[0];
  const builder = useMemo<Builder | null>(() => {
    if (!token || !current) return null;
    return {
      api: apiClient(token),
      account: current.id,
      role: current.role,
      canWrite: canWrite(current.role),
      announce: (message) => {
        setAlertText("");
        // Cleared first so the same words are announced again.
        setStatus("");
        setTimeout(() => setStatus(message), 50);
      },
      alert: (message) => setAlertText(message),
      signOut,
    };
  }, [token, current?.id, current?.role, signOut]);

  if (!token || !claims || !builder) {
    return (
      <SignIn
        note={
          token && !claims
            ? "That is not a Saved Pixels token (it has no accounts)."
            : token && claims?.accounts.length === 0
              ? "This token has no role on any account."
              : signInNote
        }
        onSignIn={(value) => {
          sessionStorage.setItem(TOKEN_KEY, value);
          setSignInNote("");
          setToken(value);
        }}
      />
    );
  }

  return (
    <BuilderContext.Provider value={builder}>
      <header class="top">
        <nav class="nav" aria-label="Main">
          <a class="brand" href="#/">
            Saved Pixels
          </a>
          <a
            href="#/"
            aria-current={route.screen === "list" ? "page" : undefined}
          >
            Pixels
          </a>
          <a
            href="#/ingest-keys"
            aria-current={route.screen === "ingest-keys" ? "page" : undefined}
          >
            Ingest keys
          </a>
        </nav>
        <div class="session">
          <label for="account">Account</label>
          <select
            id="account"
            value={builder.account}
            onChange={(event) => {
              const id = event.currentTarget.value;
              sessionStorage.setItem(ACCOUNT_KEY, id);
              setAccount(id);
              location.hash = "#/";
            }}
          >
            {claims.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id}
              </option>
            ))}
          </select>
          <span class={`role role-${builder.role}`} aria-label="Your role">
            {builder.role}
            {builder.canWrite ? "" : " (read-only)"}
          </span>
          <button type="button" class="link" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div class="announcer" role="status" aria-live="polite">
        {status}
      </div>
      <div class="alert" role="alert">
        {alertText}
      </div>
      <main>
        {route.screen === "list" ? (
          <PixelList key={builder.account} />
        ) : route.screen === "ingest-keys" ? (
          <IngestKeys key={builder.account} />
        ) : route.screen === "report" ? (
          <LazyReport
            key={`${builder.account}:${route.id}:report`}
            pixelId={route.id}
          />
        ) : (
          <PixelEditor
            key={`${builder.account}:${route.screen === "pixel" ? route.id : "new"}`}
            pixelId={route.screen === "pixel" ? route.id : null}
          />
        )}
      </main>
    </BuilderContext.Provider>
  );
}
