import { ISO_4217_CODES } from "../../../../src/pixels/iso-4217";
import type { PixelValue } from "../../../../src/pixels/pixel-config";
import { PIXEL_OPTIONS } from "../../../../src/pixels/pixel-options";
import { MAX_PROPERTIES } from "../../../../src/pixels/pixel-rules";
import { SelectField, Suggestions, TextField } from "../controls";
import type { PixelDraft } from "../../draft";
import type { SectionProps } from "./types";

const CURRENCIES = [...ISO_4217_CODES].sort().map((value) => ({ value }));
const HINT_VARIABLE =
  "The page variable read when the code runs, e.g. order.total";

/** A PixelValue: where it comes from (fixed or page variable) and the value. */
function ValueField(props: {
  id: string;
  label: string;
  value: PixelValue;
  errors?: string[];
  fixedHint: string;
  list?: string;
  onValue(value: PixelValue): void;
}) {
  const { id, label, value } = props;
  return (
    <div class="value-field">
      <SelectField
        id={`${id}-source`}
        label={`${label} source`}
        value={value.source}
        options={PIXEL_OPTIONS.value_sources}
        onValue={(source) => props.onValue({ ...value, source })}
      />
      <TextField
        id={id}
        label={label}
        value={value.value}
        errors={props.errors}
        list={value.source === "fixed" ? props.list : undefined}
        hint={value.source === "fixed" ? props.fixedHint : HINT_VARIABLE}
        onValue={(text) => props.onValue({ ...value, value: text })}
      />
    </div>
  );
}

/** Revenue, currency and custom properties. */
export function ValuesSection({ draft, update, errors }: SectionProps) {
  const setProperty = (
    index: number,
    patch: Partial<PixelDraft["properties"][number]>,
  ) =>
    update({
      properties: draft.properties.map((p, i) =>
        i === index ? { ...p, ...patch } : p,
      ),
    });
  return (
    <>
      {draft.type === "conversion" && (
        <ValueField
          id="revenue"
          label="Revenue"
          value={draft.revenue}
          errors={errors.revenue}
          fixedHint="A plain decimal, e.g. 49.99 (optional)"
          onValue={(revenue) => update({ revenue })}
        />
      )}
      <ValueField
        id="currency"
        label="Currency"
        value={draft.currency}
        errors={errors.currency}
        list="iso-4217"
        fixedHint="An ISO 4217 code such as EUR or USD (optional)"
        onValue={(currency) =>
          update({
            currency:
              currency.source === "fixed"
                ? { ...currency, value: currency.value.toUpperCase() }
                : currency,
          })
        }
      />
      <Suggestions id="iso-4217" options={CURRENCIES} />
      <fieldset class="properties">
        <legend>Properties</legend>
        {errors.properties && (
          <div class="error">{errors.properties.join(" ")}</div>
        )}
        {draft.properties.length === 0 && (
          <p class="muted">No properties: add one to send more details.</p>
        )}
        {draft.properties.map((property, index) => {
          const n = index + 1;
          return (
            <div class="property" key={index}>
              <TextField
                id={`property-${n}-key`}
                label={`Property ${n} key`}
                list="property-keys"
                value={property.key}
                errors={errors[`properties.${index}.key`]}
                onValue={(key) => setProperty(index, { key })}
              />
              <SelectField
                id={`property-${n}-source`}
                label={`Property ${n} source`}
                value={property.source}
                options={PIXEL_OPTIONS.value_sources}
                onValue={(source) => setProperty(index, { source })}
              />
              <TextField
                id={`property-${n}-value`}
                label={`Property ${n} value`}
                value={property.value}
                errors={errors[`properties.${index}.value`]}
                onValue={(value) => setProperty(index, { value })}
              />
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  update({
                    properties: draft.properties.filter((_, i) => i !== index),
                  })
                }
              >
                Remove property {n}
              </button>
            </div>
          );
        })}
        <Suggestions id="property-keys" options={PIXEL_OPTIONS.properties} />
        <button
          type="button"
          class="secondary"
          disabled={draft.properties.length >= MAX_PROPERTIES}
          onClick={() =>
            update({
              properties: [
                ...draft.properties,
                { key: "", source: "variable", value: "" },
              ],
            })
          }
        >
          Add property
        </button>
      </fieldset>
    </>
  );
}
