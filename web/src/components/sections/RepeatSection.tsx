import { MIN_MINUTES_PER_CONV_MAX } from "../../../../src/pixels/conversion-rules";
import type { RepeatMode } from "../../conversion-form";
import type { SectionProps } from "./types";

const CHOICES: readonly { value: RepeatMode; label: string }[] = [
  { value: "all", label: "Count all conversions" },
  { value: "once", label: "Count one conversion per visitor" },
  { value: "every", label: "Count one conversion per visitor every …" },
];

/** Monetize step 5: count all, one per visitor, or one per visitor every N minutes (`min_minutes_per_conv`). */
export function RepeatSection({ draft, update, errors }: SectionProps) {
  const messages = errors.min_minutes_per_conv;
  const errorId = "repeat-error";
  const set = (patch: Partial<typeof draft.repeat>) =>
    update({ repeat: { ...draft.repeat, ...patch }, repeat_chosen: true });
  return (
    <fieldset
      class={`choices${messages?.length ? " invalid" : ""}`}
      aria-describedby={messages?.length ? errorId : undefined}
    >
      <legend>How many conversions to count</legend>
      {CHOICES.map((choice) => (
        <div class="check" key={choice.value}>
          <input
            id={`repeat-${choice.value}`}
            type="radio"
            name="repeat"
            value={choice.value}
            checked={draft.repeat.mode === choice.value}
            onChange={() => set({ mode: choice.value })}
          />
          <label for={`repeat-${choice.value}`}>{choice.label}</label>
        </div>
      ))}
      <div class="control indent">
        <label for="repeat-minutes">Minutes between counted conversions</label>
        <input
          id="repeat-minutes"
          type="text"
          inputMode="numeric"
          autocomplete="off"
          size={8}
          value={draft.repeat.minutes}
          disabled={draft.repeat.mode !== "every"}
          aria-describedby={`repeat-minutes-hint${messages?.length ? ` ${errorId}` : ""}`}
          aria-invalid={messages?.length ? true : undefined}
          onInput={(event) => set({ minutes: event.currentTarget.value })}
        />
        <div id="repeat-minutes-hint" class="hint">
          {`1 to ${MIN_MINUTES_PER_CONV_MAX} minutes (about 22 days), per visitor.`}
        </div>
      </div>
      {messages?.length ? (
        <div id={errorId} class="error">
          {messages.join(" ")}
        </div>
      ) : null}
    </fieldset>
  );
}
