import { applyDecorators } from "@nestjs/common";
import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { Transform, Type } from "class-transformer";
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from "class-validator";
import { EXAMPLE_DESCRIPTION, EXAMPLE_NAME } from "../../pixels/examples";
import { CONSENT_MODES } from "../../pixels/conversion-rules";
import { TARGET_PLATFORMS, VALUE_SOURCES } from "../../pixels/pixel-config";
import {
  CONVERSION_TYPE_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PROPERTY_KEY,
  MAX_PROPERTIES,
  PROPERTY_KEY_MAX_LENGTH,
} from "../../pixels/pixel-rules";
import {
  HasUniquePropertyKeys,
  IsConversionTypeForPixelType,
  IsPixelValueValue,
  IsPropertyKey,
  PixelValueKind,
} from "./pixel-config.validators";
import { validationRule } from "./validation-rule";
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

/** The platform the code is for: one of TARGET_PLATFORMS, `javascript` when absent. */
export function TargetPlatformField() {
  return applyDecorators(
    ApiPropertyOptional({ enum: TARGET_PLATFORMS, default: "javascript" }),
    IsOptional(),
    IsString(),
    IsIn(TARGET_PLATFORMS),
  );
}

/**
 * A preview's `consent_mode` (contract §10): it is part of the install code, so
 * the builder's live preview must render with it. Optional, one of CONSENT_MODES.
 */
export function ConsentModeField() {
  return applyDecorators(
    ApiPropertyOptional({
      enum: CONSENT_MODES,
      default: "off",
      description:
        "Consent mode (contract §10); it changes the code, so the preview renders with it.",
    }),
    IsOptional(),
    IsString(),
    IsIn(CONSENT_MODES),
  );
}

const SOURCE_DESCRIPTION =
  "`fixed`: the value itself; `variable`: the name or dotted path of a page variable (JavaScript global, GTM data layer key, Tealium data layer variable) read when the code runs.";

/** A PixelValue's `source`: one of VALUE_SOURCES. */
export function ValueSourceField() {
  return applyDecorators(
    ApiProperty({ enum: VALUE_SOURCES, description: SOURCE_DESCRIPTION }),
    IsIn(VALUE_SOURCES),
  );
}

/**
 * A PixelValue's `value`, checked against its `source` and `kind` (a fixed revenue
 * is a decimal, a fixed currency an ISO 4217 code, a variable a VARIABLE_PATH).
 */
export function PixelValueField(
  kind: PixelValueKind,
  doc: { description: string; example: string },
) {
  return applyDecorators(
    ApiProperty(doc),
    IsPixelValueValue(kind) as PropertyDecorator,
  );
}

/**
 * An optional nested object of class `type` (a PixelValue), null allowed. An array
 * passes @ValidateNested (it checks each element: none), so @IsObject refuses it.
 */
export function NestedValueField(type: new () => object, description?: string) {
  return applyDecorators(
    ApiPropertyOptional({ type, description }),
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => type),
  );
}

/**
 * @ValidateNested names each item that is not an object, except a list: it
 * checks a list's items instead (an empty one passes). Lists are refused here.
 */
function HasNoListItems() {
  return validationRule("noListItems", (value) =>
    Array.isArray(value) && value.some((item) => Array.isArray(item))
      ? "must be a list of objects, not of lists"
      : null,
  );
}

/** The custom properties: a list of at most MAX_PROPERTIES objects of `type`, keys unique. */
export function PixelPropertiesField(type: new () => object) {
  return applyDecorators(
    ApiPropertyOptional({ type: [type], maxItems: MAX_PROPERTIES }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_PROPERTIES),
    HasUniquePropertyKeys() as PropertyDecorator,
    HasNoListItems() as PropertyDecorator,
    ValidateNested({ each: true }),
    Type(() => type),
  );
}
