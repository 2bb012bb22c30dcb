import type { ConsentMode } from "../../../../src/pixels/conversion-rules";
import { hasConversionRules } from "../../../../src/pixels/conversion-rules";
import { SelectField, TextField } from "../controls";
import type { SectionProps } from "./types";

/** Contract §10's consent modes, in words a marketer reads. */
const CONSENT_OPTIONS: readonly { value: ConsentMode; label: string }[] = [
  { value: "off", label: "Off: send everything unless the page says no" },
  { value: "basic", label: "Basic: hold events until the page grants consent" },
  {
    value: "advanced",
    label: "Advanced: send without identifiers until consent",
  },
];

/** Consent mode (part of the install code) and the transaction id's page variable. */
export function PrivacySection({ draft, update, errors }: SectionProps) {
  return (
    <>
      <SelectField
        id="consent_mode"
        label="Consent mode"
        value={draft.consent_mode}
        options={CONSENT_OPTIONS}
        errors={errors.consent_mode}
        hint={
          'The page reports consent with spx("consent", …) (Google Consent Mode names). Changing it changes the install code.'
        }
        onValue={(consent_mode) => update({ consent_mode })}
      />
      {hasConversionRules(draft.type) && (
        <TextField
          id="transaction_id"
          label="Transaction id"
          value={draft.transaction_id}
          errors={errors.transaction_id}
          placeholder="order.id"
          hint="The page variable holding the order id (optional); each order then counts once, however often it is sent."
          onValue={(transaction_id) => update({ transaction_id })}
        />
      )}
    </>
  );
}
