import type { ComponentType } from "preact";
import type { FieldErrors } from "../../api/field-errors";
import type { PixelDraft } from "../../draft";

/**
 * One section of the pixel form (Details, Values, and later Attribution, Repeat
 * conversions, Piggyback pixels, Privacy). A section reads the draft, changes
 * it through `update`, and shows the API's errors for the form fields it owns.
 */
export interface SectionProps {
  draft: PixelDraft;
  update(patch: Partial<PixelDraft>): void;
  errors: FieldErrors;
  readOnly: boolean;
}

export interface EditorSection {
  id: string;
  title: string;
  Component: ComponentType<SectionProps>;
  /** Whether the section applies to the draft (absent: always). */
  when?(draft: PixelDraft): boolean;
}
