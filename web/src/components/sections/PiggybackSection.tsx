import {
  MAX_PIGGYBACK_PIXELS,
  type PiggybackPixel,
} from "../../../../src/pixels/conversion-rules";
import { PIXEL_OPTIONS } from "../../../../src/pixels/pixel-options";
import { SelectField, TextField } from "../controls";
import type { SectionProps } from "./types";

const URL_HINT =
  "Absolute https:// URL. Placeholders {event_id}, {transaction_id}, {revenue}, {currency}, {conversion_type}, {pixel_id} are filled in when it fires.";

/** Monetize step 6: image or JavaScript pixels fired after this one, at most 10 rows. */
export function PiggybackSection({ draft, update, errors }: SectionProps) {
  const rows = draft.piggyback_pixels;
  const setRow = (index: number, patch: Partial<PiggybackPixel>) =>
    update({
      piggyback_pixels: rows.map((row, i) =>
        i === index ? { ...row, ...patch } : row,
      ),
    });
  return (
    <>
      {errors.piggyback_pixels && (
        <div class="error">{errors.piggyback_pixels.join(" ")}</div>
      )}
      {rows.length === 0 && (
        <p class="muted">
          None: add one to notify another server when this pixel fires.
        </p>
      )}
      {rows.map((row, index) => {
        const n = index + 1;
        return (
          <div class="piggyback" key={index}>
            <SelectField
              id={`piggyback-${n}-type`}
              label={`Piggyback ${n} type`}
              value={row.pixel_type}
              options={PIXEL_OPTIONS.piggyback_pixel_types}
              errors={errors[`piggyback_pixels.${index}.pixel_type`]}
              onValue={(pixel_type) => setRow(index, { pixel_type })}
            />
            <TextField
              id={`piggyback-${n}-url`}
              label={`Piggyback ${n} URL`}
              value={row.url}
              errors={errors[`piggyback_pixels.${index}.url`]}
              hint={index === 0 ? URL_HINT : undefined}
              onValue={(url) => setRow(index, { url })}
            />
            <button
              type="button"
              class="secondary"
              onClick={() =>
                update({
                  piggyback_pixels: rows.filter((_, i) => i !== index),
                })
              }
            >
              Remove piggyback {n}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        class="secondary"
        disabled={rows.length >= MAX_PIGGYBACK_PIXELS}
        onClick={() =>
          update({
            piggyback_pixels: [...rows, { pixel_type: "img", url: "" }],
          })
        }
      >
        Add piggyback pixel
      </button>
      <span class="hint">
        {` ${rows.length} / ${MAX_PIGGYBACK_PIXELS}. Changes reach pages without installing new code.`}
      </span>
    </>
  );
}
