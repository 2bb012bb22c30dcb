import { startPolling, type VisibilitySource } from "./polling";

function fakeVisibility(initial = true) {
  let visible = initial;
  const listeners = new Set<() => void>();
  const source: VisibilitySource = {
    visible: () => visible,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    listeners,
    set(next: boolean) {
      visible = next;
      for (const listener of listeners) listener();
    },
  };
}

/** Lets the poll's promise settle under fake timers. */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe("startPolling", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("polls at once and then every interval after the previous run", async () => {
    const visibility = fakeVisibility();
    const poll = jest.fn(async () => {});
    const stop = startPolling(poll, 5000, visibility.source);
    await settle();
    expect(poll).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(4999);
    await settle();
    expect(poll).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    await settle();
    expect(poll).toHaveBeenCalledTimes(2);
    stop();
  });

  it("stops for good when stopped (the panel closed), and stops listening", async () => {
    const visibility = fakeVisibility();
    const poll = jest.fn(async () => {});
    const stop = startPolling(poll, 1000, visibility.source);
    await settle();
    stop();
    expect(visibility.listeners.size).toBe(0);
    jest.advanceTimersByTime(10_000);
    await settle();
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it("makes no request while the page is hidden and polls at once when it is shown again", async () => {
    const visibility = fakeVisibility();
    const poll = jest.fn(async () => {});
    const stop = startPolling(poll, 1000, visibility.source);
    await settle();
    visibility.set(false);
    jest.advanceTimersByTime(10_000);
    await settle();
    expect(poll).toHaveBeenCalledTimes(1);
    visibility.set(true);
    await settle();
    expect(poll).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(1000);
    await settle();
    expect(poll).toHaveBeenCalledTimes(3);
    stop();
  });

  it("does not start hidden, and keeps polling after a failing run", async () => {
    const visibility = fakeVisibility(false);
    const poll = jest.fn(async () => {
      throw new Error("offline");
    });
    const stop = startPolling(poll, 1000, visibility.source);
    await settle();
    expect(poll).not.toHaveBeenCalled();
    visibility.set(true);
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(poll).toHaveBeenCalledTimes(2);
    stop();
  });

  it("never runs two polls at once", async () => {
    const visibility = fakeVisibility();
    let finish: () => void = () => {};
    const poll = jest.fn(
      () => new Promise<void>((resolve) => (finish = resolve)),
    );
    const stop = startPolling(poll, 1000, visibility.source);
    await settle();
    visibility.set(false);
    visibility.set(true);
    await settle();
    expect(poll).toHaveBeenCalledTimes(1);
    finish();
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(poll).toHaveBeenCalledTimes(2);
    stop();
  });
});
