/** How long ago a timestamp was, in words a person reads at a glance ("3 min ago"). */
export function ageOf(
  iso: string | null | undefined,
  now = Date.now(),
): string {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** Why an event did not count, in words (contract §7 / §9 reasons). */
// Keys: the server's NotCountedReason (src/collection/collected-event.ts).
const NOT_COUNTED: Record<string, string> = {
  pixel_inactive: "pixel switched off",
  duplicate_transaction: "transaction already counted",
  repeat_conversion: "repeat conversion by this visitor",
  test_event: "test event",
};

/** "Counted", or "Not counted: <why>". */
export function countedText(event: {
  counted: boolean;
  not_counted_reason: string | null;
}): string {
  if (event.counted) return "Counted";
  const reason = event.not_counted_reason;
  return `Not counted: ${reason ? (NOT_COUNTED[reason] ?? reason) : "no reason given"}`;
}

/** An event's §8 attribution in words: "click · spring · newsletter", or "none". */
export function attributionText(
  attribution: {
    touchpoint: string;
    campaign?: string | null;
    source?: string | null;
    medium?: string | null;
  } | null,
): string {
  if (!attribution) return "none";
  return [
    attribution.touchpoint,
    attribution.campaign,
    attribution.source,
    attribution.medium,
  ]
    .filter((part) => part !== null && part !== undefined && part !== "")
    .join(" · ");
}
