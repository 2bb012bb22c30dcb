import type { ComponentChildren } from "preact";

/** Props every labelled control shares: its id, visible label and any API errors. */
interface ControlProps {
  id: string;
  label: string;
  errors?: string[];
  hint?: ComponentChildren;
}

/** The label, the control, a hint and the API's messages, tied by aria attributes. */
function Control(props: ControlProps & { children: ComponentChildren }) {
  const { id, label, errors, hint } = props;
  return (
    <div class={`control${errors?.length ? " invalid" : ""}`}>
      <label for={id}>{label}</label>
      {props.children}
      {hint && (
        <div id={`${id}-hint`} class="hint">
          {hint}
        </div>
      )}
      {errors?.length ? (
        <div id={`${id}-error`} class="error">
          {errors.join(" ")}
        </div>
      ) : null}
    </div>
  );
}

/** aria-describedby / aria-invalid for a control with these props. */
function describe(props: ControlProps) {
  const ids = [
    props.hint ? `${props.id}-hint` : "",
    props.errors?.length ? `${props.id}-error` : "",
  ].filter(Boolean);
  return {
    id: props.id,
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
    "aria-invalid": props.errors?.length ? true : undefined,
  };
}

export function TextField(
  props: ControlProps & {
    value: string;
    onValue(value: string): void;
    list?: string;
    multiline?: boolean;
    inputMode?: "decimal" | "text";
    placeholder?: string;
    required?: boolean;
  },
) {
  const shared = {
    ...describe(props),
    value: props.value,
    placeholder: props.placeholder,
    required: props.required,
    onInput: (event: { currentTarget: { value: string } }) =>
      props.onValue(event.currentTarget.value),
  };
  return (
    <Control {...props}>
      {props.multiline ? (
        <textarea rows={2} {...shared} />
      ) : (
        <input
          type="text"
          list={props.list}
          inputMode={props.inputMode}
          autocomplete="off"
          spellcheck={false}
          {...shared}
        />
      )}
    </Control>
  );
}

export function SelectField<T extends string>(
  props: ControlProps & {
    value: T;
    options: readonly { value: T; label: string }[];
    onValue(value: T): void;
  },
) {
  return (
    <Control {...props}>
      <select
        {...describe(props)}
        value={props.value}
        onChange={(event) => props.onValue(event.currentTarget.value as T)}
      >
        <OptionList options={props.options} />
      </select>
    </Control>
  );
}

/** The <option>s of a select, from a list of {value, label} (e.g. PIXEL_OPTIONS). */
export function OptionList(props: {
  options: readonly { value: string; label: string }[];
}) {
  return (
    <>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/** A datalist: suggestions for a text field that still takes free text. */
export function Suggestions(props: {
  id: string;
  options: readonly { value: string; label?: string }[];
}) {
  return (
    <datalist id={props.id}>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </datalist>
  );
}
