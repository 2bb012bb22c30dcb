import { applyDecorators } from "@nestjs/common";
import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { Transform } from "class-transformer";
import { IsOptional } from "class-validator";
import { EXAMPLE_DESCRIPTION, EXAMPLE_NAME } from "../../pixels/examples";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PROPERTY_KEY,
  PROPERTY_KEY_MAX_LENGTH,
} from "../../pixels/pixel-rules";
import {
  IsConversionTypeForPixelType,
  IsPropertyKey,
} from "./pixel-config.validators";
import { IsDescription, IsPixelName } from "./text.validators";

/**
 * House decorators for the pixel model's fields (as Immich's `validation.ts`):
 * each applies the validation and the OpenAPI description from the same constant
 * of `src/pixels/pixel-rules.ts`, so changing a limit there changes both.
 */

const trim = ({ value }: { value: unknown }) =>
  typeof value === "string" ? value.trim() : value;

/** A pixel's name: trimmed, 1–NAME_MAX_LENGTH characters, no control characters. */
export function PixelNameField(options: { optional?: boolean } = {}) {
  if (options.optional) {
    return applyDecorators(
      ApiPropertyOptional({
        example: EXAMPLE_NAME,
        maxLength: NAME_MAX_LENGTH,
      }),
      IsOptional(),
      Transform(trim),
      IsPixelName() as PropertyDecorator,
    );
  }
  return applyDecorators(
    ApiProperty({
      description: `Trimmed; 1-${NAME_MAX_LENGTH} characters; unique per account, ignoring case.`,
      example: EXAMPLE_NAME,
      minLength: 1,
      maxLength: NAME_MAX_LENGTH,
    }),
    Transform(trim),
    IsPixelName() as PropertyDecorator,
  );
}

/** A pixel's description: optional, null allowed, at most DESCRIPTION_MAX_LENGTH characters. */
export function DescriptionField() {
  return applyDecorators(
    ApiPropertyOptional({
      description: `At most ${DESCRIPTION_MAX_LENGTH} characters.`,
      example: EXAMPLE_DESCRIPTION,
      maxLength: DESCRIPTION_MAX_LENGTH,
      nullable: true,
      type: String,
    }),
    IsOptional(),
    IsDescription() as PropertyDecorator,
  );
}

/** A custom property's key: identifier-like, at most PROPERTY_KEY_MAX_LENGTH characters. */
export function PropertyKeyField() {
  return applyDecorators(
    ApiProperty({
      description: `Identifier-like name, at most ${PROPERTY_KEY_MAX_LENGTH} characters, unique within the pixel.`,
      example: "sku",
      pattern: PROPERTY_KEY.source,
      maxLength: PROPERTY_KEY_MAX_LENGTH,
    }),
    IsPropertyKey() as PropertyDecorator,
  );
}

/** The conversion type: required on conversions, refused on pageviews, 1–CONVERSION_TYPE_MAX_LENGTH characters. */
export function ConversionTypeField() {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Required for conversion and microconversion, not allowed on pageview. Any text of 1-${CONVERSION_TYPE_MAX_LENGTH} characters; GET /saved-pixels/options suggests common ones.`,
      example: "purchase",
      minLength: 1,
      maxLength: CONVERSION_TYPE_MAX_LENGTH,
    }),
    IsConversionTypeForPixelType() as PropertyDecorator,
  );
}
