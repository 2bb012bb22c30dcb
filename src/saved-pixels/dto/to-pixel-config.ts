import { PixelConfig, PixelValue } from "../../pixels/pixel-config";
import { PixelConfigDto } from "./pixel-config.dto";

/**
 * The validated DTO as the stored, canonical PixelConfig: known fields only, in
 * the seed's order, absent (not null) where empty.
 */
export function toPixelConfig(dto: PixelConfigDto): PixelConfig {
  const config: PixelConfig = { type: dto.type };
  if (dto.type !== "pageview" && typeof dto.conversion_type === "string") {
    config.conversion_type = dto.conversion_type;
  }
  if (dto.revenue) config.revenue = value(dto.revenue);
  if (dto.currency) config.currency = value(dto.currency);
  if (dto.transaction_id && dto.type !== "pageview")
    // Validation refused a fixed one (a fixed id would count one order only).
    config.transaction_id = {
      source: "variable",
      value: dto.transaction_id.value,
    };
  if (dto.properties && dto.properties.length > 0) {
    config.properties = dto.properties.map((property) => ({
      key: property.key,
      ...value(property),
    }));
  }
  // §10: kept only when on, so existing pixels' stored config is unchanged.
  if (dto.type === "pageview" && dto.history_pageviews === true)
    config.history_pageviews = true;
  return config;
}

function value(input: PixelValue): PixelValue {
  return { source: input.source, value: input.value };
}
