import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { PIXEL_TYPES, PixelType, ValueSource } from "../../pixels/pixel-config";
import { FIXED_PROPERTY_VALUE_MAX_LENGTH } from "../../pixels/pixel-rules";
import {
  ConversionTypeField,
  NestedValueField,
  PixelPropertiesField,
  PixelValueField,
  PropertyKeyField,
  ValueSourceField,
} from "./pixel-fields";
import { IsBoolean, IsIn, IsOptional } from "class-validator";
import {
  IsOnlyOnConversions,
  IsOnlyOnConversionsAndMicroconversions,
  IsTrueOnlyOnPageviews,
} from "./pixel-config.validators";

export class RevenueValueDto {
  @ValueSourceField()
  source: ValueSource;

  @PixelValueField("revenue", {
    description:
      'Fixed: a non-negative decimal such as "49.99". Variable: e.g. "order_total" or "order.total".',
    example: "order_total",
  })
  value: string;
}

export class CurrencyValueDto {
  @ValueSourceField()
  source: ValueSource;

  @PixelValueField("currency", {
    description:
      'Fixed: an upper-case ISO 4217 code such as "EUR". Variable: a page variable name or path.',
    example: "EUR",
  })
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

  @PixelValueField("property", {
    description:
      'A page variable name or dotted path holding the order id, e.g. "order_id" or "order.id".',
    example: "order_id",
  })
  value: string;
}

export class PixelPropertyDto {
  @PropertyKeyField()
  key: string;

  @ValueSourceField()
  source: ValueSource;

  @PixelValueField("property", {
    description: `Fixed: any text of at most ${FIXED_PROPERTY_VALUE_MAX_LENGTH} characters. Variable: a page variable name or path.`,
    example: "product_sku",
  })
  value: string;
}

export class PixelConfigDto {
  @ApiProperty({ enum: PIXEL_TYPES, example: "conversion" })
  @IsIn(PIXEL_TYPES)
  type: PixelType;

  @ConversionTypeField()
  conversion_type?: string;

  @NestedValueField(RevenueValueDto, "Only on conversion pixels.")
  @IsOnlyOnConversions()
  revenue?: RevenueValueDto | null;

  @NestedValueField(CurrencyValueDto)
  currency?: CurrencyValueDto | null;

  @NestedValueField(
    TransactionIdValueDto,
    "Conversions and microconversions only (contract §7). Sent as `transaction_id`; the collector counts a (pixel, transaction_id) once, forever.",
  )
  @IsOnlyOnConversionsAndMicroconversions()
  transaction_id?: TransactionIdValueDto | null;

  @PixelPropertiesField(PixelPropertyDto)
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
