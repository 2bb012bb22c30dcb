import { ApiError } from "../http/api-error";
import {
  applyConversionRules,
  CONVERSION_RULE_FIELDS,
  ConversionRules,
  conversionRuleErrors,
  ConversionRulesInput,
  storedConversionRules,
} from "../pixels/conversion-rules";
import { PixelConfig, PixelType } from "../pixels/pixel-config";
import type { SavedPixelEntity } from "./saved-pixel.entity";

/** The columns that hold a pixel's §7 rules. */
export interface ConversionRuleColumns {
  state: string;
  conversionRules: string;
}

/** The §7 fields a request named (absent ones left out), read off a DTO. */
function givenRules(input: object): ConversionRulesInput {
  const record = input as Record<string, unknown>;
  const given: ConversionRulesInput = {};
  for (const field of CONVERSION_RULE_FIELDS) {
    if (record[field] !== undefined) given[field] = record[field];
  }
  return given;
}

function refuseInvalid(input: ConversionRulesInput, type: PixelType): void {
  const errors = conversionRuleErrors(input, type);
  if (errors.length > 0) throw ApiError.validation(errors);
}

function toColumns(rules: ConversionRules): ConversionRuleColumns {
  const { state, ...rest } = rules;
  return { state, conversionRules: JSON.stringify(rest) };
}

/** A stored pixel's rules, with the defaults of its type for anything missing. */
export function conversionRulesOf(
  row: Pick<
    SavedPixelEntity,
    "state" | "conversionRules" | "pixelType" | "conversionType"
  >,
): ConversionRules {
  return storedConversionRules(
    row.state,
    row.conversionRules,
    row.pixelType as PixelType,
    row.conversionType,
  );
}

/**
 * The rule columns of a new pixel: the request's fields over the defaults of its
 * type. 400 VALIDATION_FAILED naming each bad field.
 */
export function conversionRulesForCreate(
  input: object,
  config: PixelConfig,
): ConversionRuleColumns {
  const given = givenRules(input);
  refuseInvalid(given, config.type);
  return toColumns(
    applyConversionRules(null, given, config.type, config.conversion_type),
  );
}

/**
 * The rule columns an update changes (none when neither the rules nor the
 * pixel's type change), checked against the type the pixel will have.
 * `nextConfig` is the request's new config, if any.
 */
export function conversionRulesForUpdate(
  input: object,
  current: SavedPixelEntity,
  nextConfig: PixelConfig | undefined,
): Partial<ConversionRuleColumns> {
  const given = givenRules(input);
  const type = nextConfig?.type ?? (current.pixelType as PixelType);
  refuseInvalid(given, type);
  if (Object.keys(given).length === 0 && type === current.pixelType) return {};
  const previous = conversionRulesOf(current);
  const next = toColumns(
    applyConversionRules(
      previous,
      given,
      type,
      nextConfig ? nextConfig.conversion_type : current.conversionType,
    ),
  );
  const changes: Partial<ConversionRuleColumns> = {};
  if (next.state !== current.state) changes.state = next.state;
  if (next.conversionRules !== toColumns(previous).conversionRules)
    changes.conversionRules = next.conversionRules;
  return changes;
}

/** Whether an update request names any §7 field (then the current pixel is read first). */
export function namesConversionRules(input: object): boolean {
  return Object.keys(givenRules(input)).length > 0;
}
