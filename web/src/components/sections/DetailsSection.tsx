import type { EventCategory } from "../../../../src/pixels/conversion-rules";
import { PIXEL_OPTIONS } from "../../../../src/pixels/pixel-options";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
} from "../../../../src/pixels/pixel-rules";
import { characterCount } from "../../../../src/pixels/text";
import { withConversionType } from "../../draft";
import { SelectField, Suggestions, TextField } from "../controls";
import type { SectionProps } from "./types";

const EVENT_CATEGORY_CHOICES: readonly {
  value: EventCategory | "";
  label: string;
}[] = [{ value: "", label: "None" }, ...PIXEL_OPTIONS.event_categories];

/** Name, description, pixel type, conversion type, event category and target platform. */
export function DetailsSection({ draft, update, errors }: SectionProps) {
  return (
    <>
      <TextField
        id="name"
        label="Name"
        required
        value={draft.name}
        errors={errors.name}
        hint={`${characterCount(draft.name.trim())} / ${NAME_MAX_LENGTH} characters, unique in the account`}
        onValue={(name) => update({ name })}
      />
      <TextField
        id="description"
        label="Description"
        multiline
        value={draft.description}
        errors={errors.description}
        hint={`Optional, ${characterCount(draft.description)} / ${DESCRIPTION_MAX_LENGTH} characters`}
        onValue={(description) => update({ description })}
      />
      <SelectField
        id="type"
        label="Pixel type"
        value={draft.type}
        options={PIXEL_OPTIONS.pixel_types}
        errors={errors.type}
        onValue={(type) => update({ type })}
      />
      {draft.type !== "pageview" && (
        <>
          <TextField
            id="conversion_type"
            label="Conversion type"
            list="conversion-types"
            value={draft.conversion_type}
            errors={errors.conversion_type}
            hint={`Pick a suggestion or type your own (up to ${CONVERSION_TYPE_MAX_LENGTH} characters)`}
            onValue={(conversion_type) =>
              update(withConversionType(draft, conversion_type))
            }
          />
          <Suggestions
            id="conversion-types"
            options={PIXEL_OPTIONS.conversion_types}
          />
        </>
      )}
      <SelectField
        id="event_category"
        label="Event category"
        value={draft.event_category}
        options={EVENT_CATEGORY_CHOICES}
        errors={errors.event_category}
        hint="Optional: what the event is, in Xandr's categories"
        onValue={(event_category) => update({ event_category })}
      />
      <SelectField
        id="target_platform"
        label="Target platform"
        value={draft.target_platform}
        options={PIXEL_OPTIONS.target_platforms}
        errors={errors.target_platform}
        onValue={(target_platform) => update({ target_platform })}
      />
    </>
  );
}
