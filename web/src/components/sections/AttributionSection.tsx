import {
  POST_CLICK_EXPIRE_MINS_MAX,
  POST_VIEW_EXPIRE_MINS_MAX,
} from "../../../../src/pixels/conversion-rules";
import { PIXEL_OPTIONS } from "../../../../src/pixels/pixel-options";
import { describeMinutes, type WindowDraft } from "../../conversion-form";
import { SelectField, TextField } from "../controls";
import type { SectionProps } from "./types";

/**
 * One attribution window as days + hours, or "no expiration" (the maximum).
 * The API names the window by its minutes field; its messages show here.
 */
function WindowFields(props: {
  id: string;
  label: string;
  window: WindowDraft;
  max: number;
  errors?: string[];
  onWindow(window: WindowDraft): void;
}) {
  const { id, label, window, errors } = props;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [hintId, errors?.length ? errorId : ""]
    .filter(Boolean)
    .join(" ");
  const invalid = errors?.length ? true : undefined;
  const part = (name: "days" | "hours", text: string) => (
    <div class="control">
      <label for={`${id}-${name}`}>{`${label} ${name}`}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        inputMode={name === "days" ? "numeric" : "decimal"}
        autocomplete="off"
        size={6}
        value={window[name]}
        disabled={window.unlimited}
        aria-describedby={described}
        aria-invalid={invalid}
        onInput={(event) =>
          props.onWindow({ ...window, [name]: event.currentTarget.value })
        }
      />
      {text && <span class="hint">{text}</span>}
    </div>
  );
  return (
    <fieldset
      class={`window${errors?.length ? " invalid" : ""}`}
      aria-describedby={described}
    >
      <legend>{label}</legend>
      <div class="row">
        {part("days", "")}
        {part("hours", "")}
      </div>
      <div class="check">
        <input
          id={`${id}-unlimited`}
          type="checkbox"
          checked={window.unlimited}
          onChange={(event) =>
            props.onWindow({
              ...window,
              unlimited: event.currentTarget.checked,
            })
          }
        />
        <label for={`${id}-unlimited`}>
          {`No expiration (use the maximum, ${describeMinutes(props.max)})`}
        </label>
      </div>
      <div id={hintId} class="hint">
        {`Maximum ${describeMinutes(props.max)}.`}
      </div>
      {errors?.length ? (
        <div id={errorId} class="error">
          {errors.join(" ")}
        </div>
      ) : null}
    </fieldset>
  );
}

/** Click-through first, as Monetize lists them: the form fields and API fields of each. */
const TOUCHPOINTS = [
  {
    id: "post-click",
    label: "Post-click",
    noun: "click",
    window: "post_click",
    minutesField: "post_click_expire_mins",
    valueField: "post_click_value",
    max: POST_CLICK_EXPIRE_MINS_MAX,
  },
  {
    id: "post-view",
    label: "Post-view",
    noun: "view",
    window: "post_view",
    minutesField: "post_view_expire_mins",
    valueField: "post_view_value",
    max: POST_VIEW_EXPIRE_MINS_MAX,
  },
] as const;

/** Trigger type, the post-click / post-view windows and their attributed values (Monetize steps 2 and 4). */
export function AttributionSection({ draft, update, errors }: SectionProps) {
  return (
    <>
      <SelectField
        id="trigger_type"
        label="Trigger type"
        value={draft.trigger_type}
        options={PIXEL_OPTIONS.trigger_types}
        errors={errors.trigger_type}
        hint="Hybrid: the last click, else the last view. View or Click: only that touchpoint takes credit."
        onValue={(trigger_type) => update({ trigger_type })}
      />
      {TOUCHPOINTS.map((t) => (
        <WindowFields
          key={t.id}
          id={t.id}
          label={`${t.label} window`}
          window={draft[t.window]}
          max={t.max}
          errors={errors[t.minutesField]}
          onWindow={(window) => update({ [t.window]: window })}
        />
      ))}
      {TOUCHPOINTS.map((t) => (
        <TextField
          key={t.valueField}
          id={t.valueField}
          label={`${t.label} value`}
          inputMode="decimal"
          value={draft[t.valueField]}
          errors={errors[t.valueField]}
          hint={`Credited to a ${t.noun}-attributed conversion that has no revenue (optional)`}
          onValue={(text) => update({ [t.valueField]: text })}
        />
      ))}
    </>
  );
}
