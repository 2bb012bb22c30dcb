import { DetailsSection } from "./DetailsSection";
import type { EditorSection } from "./types";
import { ValuesSection } from "./ValuesSection";

/**
 * The form's sections in the Monetize create-pixel order. A new API section
 * (conversion rules, privacy, …) adds its component here, its fields to
 * PixelDraft / toRequestBody (draft.ts), and its error paths to field-errors.ts.
 */
export const EDITOR_SECTIONS: readonly EditorSection[] = [
  { id: "details", title: "Details", Component: DetailsSection },
  { id: "values", title: "Values", Component: ValuesSection },
];
