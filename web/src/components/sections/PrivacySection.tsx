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

/**
 * Consent mode (part of the install code), single-page-app pageviews (pageview
 * pixels) and the transaction id's page variable (conversions); each changes
 * the live install code beside the form.
 */
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
      {draft.type === "pageview" && (
        <HistoryPageviews
          checked={draft.history_pageviews}
          errors={errors.history_pageviews}
          onValue={(history_pageviews) => update({ history_pageviews })}
        />
      )}
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

/** The §10 single-page-app switch (pageview pixels), with its hint and the API's message. */
function HistoryPageviews(props: {
  checked: boolean;
  errors?: string[];
  onValue(value: boolean): void;
}) {
  const described = ["history_pageviews-hint"];
  if (props.errors?.length) described.push("history_pageviews-error");
  return (
    <div class={`control${props.errors?.length ? " invalid" : ""}`}>
      <div class="check">
        <input
          type="checkbox"
          id="history_pageviews"
          checked={props.checked}
          aria-describedby={described.join(" ")}
          aria-invalid={props.errors?.length ? true : undefined}
          onChange={(event) => props.onValue(event.currentTarget.checked)}
        />
        <label for="history_pageviews">Count single-page-app navigations</label>
      </div>
      <div id="history_pageviews-hint" class="hint">
        A pageview for each history change (pushState, replaceState, Back) to a
        new path or query. Changes the install code.
      </div>
      {props.errors?.length ? (
        <div id="history_pageviews-error" class="error">
          {props.errors.join(" ")}
        </div>
      ) : null}
    </div>
  );
}
