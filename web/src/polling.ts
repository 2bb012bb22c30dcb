/**
 * Polling that runs only while someone can see it: the panel is open (the
 * caller stops it when closed) and the page is visible. A hidden tab makes no
 * requests; becoming visible again polls at once.
 */

/** Where visibility comes from: the document in the browser, a fake in tests. */
export interface VisibilitySource {
  visible(): boolean;
  /** Calls `listener` on each change; answers the function that stops listening. */
  onChange(listener: () => void): () => void;
}

/** The page's own visibility (`document.visibilityState`). */
export function documentVisibility(doc: Document = document): VisibilitySource {
  return {
    visible: () => doc.visibilityState !== "hidden",
    onChange(listener) {
      doc.addEventListener("visibilitychange", listener);
      return () => doc.removeEventListener("visibilitychange", listener);
    },
  };
}

/**
 * Runs `poll` now and then `intervalMs` after each run ends (never two at
 * once), while `visibility` says visible. Errors are the caller's to handle
 * inside `poll`; one that escapes does not stop the polling. Answers `stop`.
 */
export function startPolling(
  poll: () => Promise<void>,
  intervalMs: number,
  visibility: VisibilitySource = documentVisibility(),
): () => void {
  let stopped = false;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = async () => {
    timer = undefined;
    if (stopped || running || !visibility.visible()) return;
    running = true;
    try {
      await poll();
    } catch {
      // poll reports its own failures; the next tick tries again
    } finally {
      running = false;
    }
    if (!stopped && visibility.visible() && timer === undefined)
      timer = setTimeout(() => void tick(), intervalMs);
  };

  const unlisten = visibility.onChange(() => {
    if (stopped) return;
    if (!visibility.visible()) {
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined && !running) void tick();
  });
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unlisten();
  };
}
