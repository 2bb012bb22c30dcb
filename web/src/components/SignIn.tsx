import { useState } from "preact/hooks";

/** Paste a token (or open the `#token=` link `npm start` prints). */
export function SignIn(props: { note: string; onSignIn(token: string): void }) {
  const [value, setValue] = useState("");
  return (
    <main class="sign-in">
      <h1>Saved Pixels</h1>
      <p>
        Sign in with a bearer token: the one <code>npm start</code> prints, or
        one from <code>npm run token</code>.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) props.onSignIn(value.trim());
        }}
      >
        <label for="token">Token</label>
        <textarea
          id="token"
          rows={4}
          value={value}
          autocomplete="off"
          spellcheck={false}
          aria-describedby={props.note ? "token-note" : undefined}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
        {props.note && (
          <p id="token-note" class="error" role="alert">
            {props.note}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
