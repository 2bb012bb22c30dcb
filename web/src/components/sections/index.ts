import { hasConversionRules } from "../../../../src/pixels/conversion-rules";
import { AttributionSection } from "./AttributionSection";
import { DetailsSection } from "./DetailsSection";
import { PiggybackSection } from "./PiggybackSection";
import { PrivacySection } from "./PrivacySection";
import { RepeatSection } from "./RepeatSection";
import type { EditorSection } from "./types";
import { ValuesSection } from "./ValuesSection";

const conversionOnly = (draft: {
  type: Parameters<typeof hasConversionRules>[0];
}) => hasConversionRules(draft.type);

/**
 * The form's sections in the Monetize create-pixel order. A new API section
 * adds its component here, its fields to PixelDraft / toRequestBody (draft.ts),
 * and its error paths to field-errors.ts. `when` hides a section that does not
 * apply to the pixel as it stands (its text stays in the draft).
 */
export const EDITOR_SECTIONS: readonly EditorSection[] = [
  { id: "details", title: "Details", Component: DetailsSection },
  { id: "values", title: "Values", Component: ValuesSection },
  {
    id: "attribution",
    title: "Attribution",
    Component: AttributionSection,
    when: conversionOnly,
  },
  {
    id: "repeat",
    title: "Repeat conversions",
    Component: RepeatSection,
    when: conversionOnly,
  },
  { id: "piggyback", title: "Piggyback pixels", Component: PiggybackSection },
  { id: "privacy", title: "Privacy", Component: PrivacySection },
];
