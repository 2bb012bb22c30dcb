/**
 * The form side of the §7 conversion rules: attribution windows typed as days
 * and hours (the API stores minutes), the repeat-conversion choice (the API's
 * `min_minutes_per_conv`: 0, null or N) and the attributed values typed as text.
 * Bounds and defaults come from the server's `src/pixels/conversion-rules.ts`.
 */
import {
  MIN_MINUTES_PER_CONV_MAX,
  POST_VALUE_MAX,
} from "../../src/pixels/conversion-rules";

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/** An attribution window as the form holds it: text as typed, or no limit (the maximum). */
export interface WindowDraft {
  /** true: "no expiration", sent as null (the maximum applies). */
  unlimited: boolean;
  days: string;
  hours: string;
}

/** A parsed form value, or the message to show beside its control. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** "30 days", "1 day 6 hours", "90 minutes": a number of minutes for people. */
export function describeMinutes(minutes: number): string {
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes % MINUTES_PER_HOUR !== 0) return plural(minutes, "minute");
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const hours = (minutes % MINUTES_PER_DAY) / MINUTES_PER_HOUR;
  const parts = [
    days ? plural(days, "day") : "",
    hours ? plural(hours, "hour") : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" ") : "0 minutes";
}

/**
 * Minutes (the API's `post_*_expire_mins`, null = the maximum) as the form's
 * days and hours. Minutes that are not whole hours become decimal hours with
 * two places, which `windowMinutes` rounds back to the same minute.
 */
export function windowDraft(minutes: number | null): WindowDraft {
  if (minutes === null) return { unlimited: true, days: "", hours: "" };
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const hours = (minutes - days * MINUTES_PER_DAY) / MINUTES_PER_HOUR;
  return {
    unlimited: false,
    days: String(days),
    hours: String(Math.round(hours * 100) / 100),
  };
}

function number(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return 0;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * The window in minutes (null for "no expiration"), or why the text cannot be
 * one: days a whole number, hours a number, in total from 1 minute to `max`.
 */
export function windowMinutes(
  window: WindowDraft,
  max: number,
): Parsed<number | null> {
  if (window.unlimited) return { ok: true, value: null };
  const days = number(window.days);
  const hours = number(window.hours);
  if (days === null || !Number.isInteger(days))
    return { ok: false, message: "Days must be a whole number, e.g. 14." };
  if (hours === null)
    return { ok: false, message: "Hours must be a number, e.g. 6 or 1.5." };
  const minutes = days * MINUTES_PER_DAY + Math.round(hours * MINUTES_PER_HOUR);
  if (minutes < 1)
    return { ok: false, message: "The window must be at least 1 minute." };
  if (minutes > max)
    return {
      ok: false,
      message: `The window can be at most ${describeMinutes(max)}.`,
    };
  return { ok: true, value: minutes };
}

/** The Repeat conversions choice: Xandr's three options. */
export type RepeatMode = "all" | "once" | "every";

export interface RepeatDraft {
  mode: RepeatMode;
  /** The N of "one per visitor every N minutes", as typed. */
  minutes: string;
}

/** `min_minutes_per_conv` (0 = count all, null = one per visitor, N) as the form's choice. */
export function repeatDraft(minMinutesPerConv: number | null): RepeatDraft {
  if (minMinutesPerConv === null) return { mode: "once", minutes: "" };
  if (minMinutesPerConv === 0) return { mode: "all", minutes: "" };
  return { mode: "every", minutes: String(minMinutesPerConv) };
}

/** The form's choice as `min_minutes_per_conv`, or why N is not 1–32767 whole minutes. */
export function repeatRule(repeat: RepeatDraft): Parsed<number | null> {
  if (repeat.mode === "all") return { ok: true, value: 0 };
  if (repeat.mode === "once") return { ok: true, value: null };
  const text = repeat.minutes.trim();
  const minutes = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(minutes >= 1 && minutes <= MIN_MINUTES_PER_CONV_MAX))
    return {
      ok: false,
      message: `Enter a whole number of minutes from 1 to ${MIN_MINUTES_PER_CONV_MAX} (about 22 days).`,
    };
  return { ok: true, value: minutes };
}

/** A post-click / post-view value typed as text: empty is null, else a number ≥ 0. */
export function attributedValue(text: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: null };
  if (!/^\d+(\.\d+)?$/.test(trimmed))
    return {
      ok: false,
      message: "Enter a plain decimal such as 5 or 12.50, or leave it empty.",
    };
  const value = Number(trimmed);
  if (value > POST_VALUE_MAX)
    return { ok: false, message: `Enter at most ${POST_VALUE_MAX}.` };
  return { ok: true, value };
}

/** The text of a stored value (null → empty). */
export function valueText(value: number | null): string {
  return value === null ? "" : String(value);
}
