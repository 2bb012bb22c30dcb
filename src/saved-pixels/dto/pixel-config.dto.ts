import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { Type } from "class-transformer";
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  ValidateNested,
} from "class-validator";
import {
  PIXEL_TYPES,
  PixelType,
  VALUE_SOURCES,
  ValueSource,
} from "../../pixels/pixel-config";
import { MAX_PROPERTIES } from "../../pixels/pixel-rules";
import { validationRule } from "./validation-rule";
import { ConversionTypeField, PropertyKeyField } from "./pixel-fields";
import {
  HasUniquePropertyKeys,
  IsOnlyOnConversions,
  IsOnlyOnConversionsAndMicroconversions,
  IsPixelValueValue,
  IsTrueOnlyOnPageviews,
} from "./pixel-config.validators";

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

const SOURCE_DESCRIPTION =
  "`fixed`: the value itself; `variable`: the name or dotted path of a page variable (JavaScript global, GTM data layer key, Tealium data layer variable) read when the code runs.";

export class RevenueValueDto {
  @ApiProperty({ enum: VALUE_SOURCES, description: SOURCE_DESCRIPTION })
  @IsIn(VALUE_SOURCES)
  source: ValueSource;

  @ApiProperty({
    description:
      'Fixed: a non-negative decimal such as "49.99". Variable: e.g. "order_total" or "order.total".',
    example: "order_total",
  })
  @IsPixelValueValue("revenue")
  value: string;
}

export class CurrencyValueDto {
  @ApiProperty({ enum: VALUE_SOURCES, description: SOURCE_DESCRIPTION })
  @IsIn(VALUE_SOURCES)
  source: ValueSource;

  @ApiProperty({
    description:
      'Fixed: an upper-case ISO 4217 code such as "EUR". Variable: a page variable name or path.',
    example: "EUR",
  })
  @IsPixelValueValue("currency")
  value: string;
}

export class TransactionIdValueDto {
  @ApiProperty({
    enum: ["variable"],
    description:
      "Always `variable`: an order id differs on every order, so a fixed one would make every order after the first a duplicate.",
  })
  @IsIn(["variable"], {
    message:
      'must be "variable": the order id is read from the page (a fixed one would count only the first order)',
  })
  source: ValueSource;

  @ApiProperty({
    description:
      'A page variable name or dotted path holding the order id, e.g. "order_id" or "order.id".',
    example: "order_id",
  })
  @IsPixelValueValue("property")
  value: string;
}

export class PixelPropertyDto {
  @PropertyKeyField()
  key: string;

  @ApiProperty({ enum: VALUE_SOURCES, description: SOURCE_DESCRIPTION })
  @IsIn(VALUE_SOURCES)
  source: ValueSource;

  @ApiProperty({
    description:
      "Fixed: any text of at most 500 characters. Variable: a page variable name or path.",
    example: "product_sku",
  })
  @IsPixelValueValue("property")
  value: string;
}

export class PixelConfigDto {
  @ApiProperty({ enum: PIXEL_TYPES, example: "conversion" })
  @IsIn(PIXEL_TYPES)
  type: PixelType;

  @ConversionTypeField()
  conversion_type?: string;

  @ApiPropertyOptional({
    type: RevenueValueDto,
    description: "Only on conversion pixels.",
  })
  @IsOnlyOnConversions()
  @IsOptional()
  // An array passes @ValidateNested (it checks each element: none): refuse it here.
  @IsObject()
  @ValidateNested()
  @Type(() => RevenueValueDto)
  revenue?: RevenueValueDto | null;

  @ApiPropertyOptional({ type: CurrencyValueDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CurrencyValueDto)
  currency?: CurrencyValueDto | null;

  @ApiPropertyOptional({
    type: TransactionIdValueDto,
    description:
      "Conversions and microconversions only (contract §7). Sent as `transaction_id`; the collector counts a (pixel, transaction_id) once, forever.",
  })
  @IsOnlyOnConversionsAndMicroconversions()
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransactionIdValueDto)
  transaction_id?: TransactionIdValueDto | null;

  @ApiPropertyOptional({ type: [PixelPropertyDto], maxItems: MAX_PROPERTIES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROPERTIES)
  @HasUniquePropertyKeys()
  @HasNoListItems()
  @ValidateNested({ each: true })
  @Type(() => PixelPropertyDto)
  properties?: PixelPropertyDto[] | null;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      "Pageviews only (contract §10): one more pageview for each single-page-app navigation (history.pushState, replaceState changing the path or query, popstate), with the previous URL as referrer.",
  })
  @IsTrueOnlyOnPageviews()
  @IsOptional()
  @IsBoolean()
  history_pageviews?: boolean | null;
}
