import {
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
} from "../../pixels/pixel-rules";
import { characterCount, hasControlCharacters } from "../../pixels/text";
import { validationRule as textRule } from "./validation-rule";

/** Names are shown in lists: 1-100 characters once trimmed, no control characters. */
export function IsPixelName() {
  return textRule("pixelName", (value) => {
    if (typeof value !== "string") return "must be a string";
    const length = characterCount(value);
    if (length < 1 || length > NAME_MAX_LENGTH) {
      return `must be 1-${NAME_MAX_LENGTH} characters once trimmed`;
    }
    return hasControlCharacters(value)
      ? "must not contain control characters"
      : null;
  });
}

export function IsDescription() {
  return textRule("description", (value) => {
    if (typeof value !== "string") return "must be a string or null";
    return characterCount(value) <= DESCRIPTION_MAX_LENGTH
      ? null
      : `must be at most ${DESCRIPTION_MAX_LENGTH} characters`;
  });
}
